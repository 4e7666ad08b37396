import { z } from 'zod';

/**
 * zod as every shared schema imports it. In a browser it parses without compiling (`jitless`):
 * zod otherwise builds object parsers with `new Function`, and under the page's CSP (no
 * 'unsafe-eval') even its probe for that is a reported violation. Being a dependency of each
 * schema module, this runs before any schema is built, whatever chunk the bundler puts it in.
 * The server keeps the compiled parsers.
 */
if (typeof document !== 'undefined') z.config({ jitless: true });

export { z };
