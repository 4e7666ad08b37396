import { allows, roleInJamView, type Action } from '../../../shared/roles.ts';
import { useStore } from './index.ts';

/** Whether the reader may do the action in the open jam: for showing or hiding controls (the server decides). */
export function useCan(action: Action): boolean {
  return useStore((s) => allows(roleInJamView(s.me, s.jam, s.viewer), action));
}
