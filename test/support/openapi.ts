import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiPath, type RouteSpec } from '../../shared/api/define.ts';
import { allRoutes } from '../../shared/api/routes.ts';
import { openApiDocument } from '../../server/http/docs/openapi.ts';

/**
 * Test support: checks real HTTP answers against the generated OpenAPI document (not the zod
 * schemas it came from), so the document itself is what is proven true.
 */

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** A route's path as a pattern for concrete URLs (`:slug` = one segment). */
const pattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]\w*)/g, '[^/]+')}$`);

export interface ShapeCheck {
  operation: string;
  status: number;
  errors: string[];
}

export class ResponseShapes {
  readonly document = openApiDocument();
  /** operationId → statuses answered and checked. */
  readonly checked = new Map<string, Set<number>>();
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #routes = allRoutes().map(({ id, route }) => ({ id, route, pattern: pattern(route.path) }));

  constructor() {
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(this.document as object, 'openapi.json');
  }

  /** Routes whose success is a JSON document with a schema. */
  jsonOperations(): string[] {
    return this.#routes.filter(({ route }) => route.response || route.content?.schema).map(({ id }) => id);
  }

  /** The route of the map a request went to. */
  routeOf(method: string, url: string): { id: string; route: RouteSpec } | undefined {
    const path = new URL(url, 'http://x').pathname;
    return this.#routes.find((r) => r.route.method === method.toLowerCase() && r.pattern.test(path));
  }

  /**
   * Validates one answer against the document's schema for its route, status and media type.
   * Bodies the document gives no schema (CSV, Markdown, HTML, calendars) are checked for their
   * declared media type only.
   */
  check(method: string, url: string, status: number, contentType: string | null, body: unknown): ShapeCheck {
    const found = this.routeOf(method, url);
    // A path the map does not have is the documented 404 error body, nothing else.
    if (!found) return { operation: `${method} ${url}`, status, errors: status === 404 ? this.#validate('openapi.json#/components/schemas/ErrorBody', body) : ['no route of the map matches'] };
    const { id, route } = found;
    const statuses = this.checked.get(id) ?? new Set<number>();
    statuses.add(status);
    this.checked.set(id, statuses);
    const path = openApiPath(route.path);
    const response = (this.document.paths?.[path] as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }> | undefined)?.[route.method]?.responses[String(status)];
    if (!response) return { operation: id, status, errors: [`status ${status} is not documented`] };
    if (status === 204 || status === 304 || status === 303) return { operation: id, status, errors: [] };
    const type = (contentType ?? '').split(';')[0]!.trim();
    const media = response.content?.[type];
    if (!media) return { operation: id, status, errors: [`media type "${type}" is not documented (documented: ${Object.keys(response.content ?? {}).join(', ')})`] };
    if (!media.schema) return { operation: id, status, errors: [] };
    return { operation: id, status, errors: this.#validate(`openapi.json#/${pointer('paths', path, route.method, 'responses', String(status), 'content', type, 'schema')}`, body) };
  }

  #validate(ref: string, body: unknown): string[] {
    let validate = this.#validators.get(ref);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: ref });
      this.#validators.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
  }
}
