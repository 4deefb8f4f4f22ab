/** GET and POST /api/v1/markers: the reading markers in the table. */
import { markerStore } from '#shared/db/marker-repository';

export const markerDeps = { markers: markerStore };
