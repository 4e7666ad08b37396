import type { StateCreator } from 'zustand';
import type { UserView } from '../../../shared/model.ts';
import { auth } from '../api/endpoints.ts';
import type { Store } from './index.ts';

/** Who is signed in. `ready` turns true once /api/auth/me has answered either way. */
export interface SessionSlice {
  me: UserView | null;
  sessionReady: boolean;
  loadSession(): Promise<void>;
  signIn(handle: string, password: string): Promise<void>;
  signUp(handle: string, password: string, displayName?: string): Promise<void>;
  signOut(): Promise<void>;
}

export const sessionSlice: StateCreator<Store, [], [], SessionSlice> = (set) => ({
  me: null,
  sessionReady: false,
  async loadSession() {
    try {
      const { user } = await auth.me();
      set({ me: user, sessionReady: true });
    } catch {
      set({ me: null, sessionReady: true });
    }
  },
  async signIn(handle, password) {
    const { user } = await auth.signIn(handle, password);
    set({ me: user, sessionReady: true });
  },
  async signUp(handle, password, displayName) {
    const { user } = await auth.signUp(handle, password, displayName);
    set({ me: user, sessionReady: true });
  },
  async signOut() {
    await auth.signOut().catch(() => undefined);
    set({ me: null });
  },
});
