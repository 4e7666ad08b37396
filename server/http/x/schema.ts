import { z } from 'zod';

/** Inputs of the X bridge routes (kept beside them rather than in the shared schemas many people edit). */
export const xCallbackQuerySchema = z.union([
  z.object({ state: z.string().min(1).max(500), code: z.string().min(1).max(2000) }),
  z.object({ state: z.string().max(500).optional(), error: z.string().max(200), error_description: z.string().max(1000).optional() }),
]);

export const xMirrorSchema = z.object({ enabled: z.boolean() });
