/** Schemas of POST /check-ins/batch (the items are validated one by one in the route). */
import { Type } from '@sinclair/typebox';
import { CheckInResponseSchema, ErrorBodySchema, TimeAnchorViewSchema } from '../../platform/http/schemas.js';

/** Most captures in one batch. */
export const BATCH_MAX_ITEMS = 100;
/** Body limit of the batch route: 100 captures of at most ~2 KB each. */
export const BATCH_BODY_LIMIT = BATCH_MAX_ITEMS * 2048 + 1024;

export const BatchCheckInRequestSchema = Type.Object(
  {
    checkIns: Type.Array(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'A CheckInRequest; each is validated on its own and refused on its own.',
        },
      ),
      { minItems: 1, maxItems: BATCH_MAX_ITEMS },
    ),
  },
  { additionalProperties: false },
);

export const BatchCheckInResponseSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.Integer({ description: '201 stored now, 200 stored before, else refused (see error).' }),
      body: Type.Optional(CheckInResponseSchema),
      error: Type.Optional(ErrorBodySchema),
    }),
  ),
  anchor: TimeAnchorViewSchema,
});
