import { z } from '../zod.ts';
import { handleSchema, messageIdSchema, slugSchema } from '../fields.ts';

/** Path params many routes share, each named as in the path. */
export const slugParams = z.object({ slug: slugSchema.describe("The jam's or series' slug") });
export const messageParams = slugParams.extend({ id: messageIdSchema });
export const handleParams = slugParams.extend({ handle: handleSchema });

/** `?download`: answer as an attachment (Content-Disposition) instead of inline. */
export const downloadQuery = z.object({ download: z.string().optional().describe('Present (any value): answer as an attachment instead of inline') });
