/**
 * Reads a recording off the page's thread (./readOffThread.ts): inflating, parsing the
 * header and decoding the columns of a recording of millions of events held the page for
 * over a second (one 0.3 s inflate task and one 0.55 s header task in Chromium, under load).
 */
import { answer, type ReadRequest } from './readMessages';

const scope = self as unknown as Worker;
scope.onmessage = (e: MessageEvent<ReadRequest>) => void answer(e.data, (reply, transfer = []) => scope.postMessage(reply, transfer));
