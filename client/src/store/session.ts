import type { StateCreator } from 'zustand';
import { SIGNED_IN_COOKIE, type UserView } from '../../../shared/auth.ts';
import { auth } from '../api/endpoints.ts';
import type { Store } from './index.ts';

/** Who is signed in. `ready` turns true once /api/auth/me has answered either way. */
export interface SessionSlice {
  me: UserView | null;
  /** The server says this person hosts a series (the "Host console" link shows only then). */
  hosting: boolean;
  sessionReady: boolean;
  loadSession(): Promise<void>;
  signIn(handle: string, password: string): Promise<void>;
  signUp(handle: string, password: string, displayName?: string): Promise<void>;
  signOut(): Promise<void>;
}

export const sessionSlice: StateCreator<Store, [], [], SessionSlice> = (set, get) => ({
  me: null,
  hosting: false,
  sessionReady: false,
  async loadSession() {
    if (!document.cookie.split(/;\s*/).some((c) => c.startsWith(`${SIGNED_IN_COOKIE}=`))) {
      set({ me: null, hosting: false, sessionReady: true });
      return;
    }
    try {
      const { user, hosting } = await auth.me();
      set({ me: user, hosting, sessionReady: true });
    } catch {
      set({ me: null, hosting: false, sessionReady: true });
    }
  },
  async signIn(handle, password) {
    await auth.signIn(handle, password);
    await get().loadSession();
  },
  async signUp(handle, password, displayName) {
    const { user } = await auth.signUp(handle, password, displayName);
    set({ me: user, hosting: false, sessionReady: true });
  },
  async signOut() {
    await auth.signOut().catch(() => undefined);
    set({ me: null, hosting: false });
  },
});
