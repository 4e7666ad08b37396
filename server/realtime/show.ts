import type { Services } from '../services.ts';
import type { Handlers } from './dispatch.ts';

/** `show:control`: the hosts run the show (the domain checks the role). */
export function showHandlers(services: Services): Handlers<'show:control'> {
  return {
    'show:control': { kind: 'write', run: async ({ slug, action, minutes }, { signedIn }) => ({ show: await services.show.control(await signedIn(), slug, action, minutes) }) },
  };
}
