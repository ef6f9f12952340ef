// A call's cost as the gateway recorded it. Usage records are written in batches about once a second, off the request
// path: the record of a call that just ended is read a moment later, retrying briefly.
import { requestRecords } from '../api.js';

/** The last usage record of `requestId` (the one that answered), or null when none shows up within a few seconds. */
export async function recordOf(requestId, { tries = 16, interval = 400 } = {}) {
  for (let i = 0; i < tries; i++) {
    const records = await requestRecords(requestId, Date.now());
    if (records.length > 0) return records[records.length - 1];
    await new Promise(resolve => setTimeout(resolve, interval));
  }
  return null;
}
