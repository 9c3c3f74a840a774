// Real y-websocket clients in Node, carrying a participant's or coordinator's session cookie.

import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { MESSAGE } from '../../shared/protocol.ts';
import type { ApiClient } from './api.ts';
import { waitFor } from './wait.ts';

/** A connected replica of one live document. */
export interface BoardClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the server sent ({code, reason}), newest last. */
  closes: { code: number; reason: string }[];
  /** Auth (permission denied) reasons received. */
  denied: string[];
  /** The id this session writes as (`createdBy`, `raisedBy`, approvals); '' when not signed in. */
  selfId: string;
  destroy(): void;
}

/** A WebSocket class (the `ws` package) that sends `api`'s session cookie, as a browser would. */
export function cookieWebSocket(api: ApiClient): typeof globalThis.WebSocket {
  const cookie = api.cookie;
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/** Opens `doc` of a conference with the api client's cookie; resolves once synced. */
export async function connect(
  api: ApiClient,
  conferenceId: string,
  docName = 'board',
  opts: { waitForSync?: boolean; doc?: Y.Doc } = {},
): Promise<BoardClient> {
  const cookie = api.cookie;
  const me = cookie ? await api.get('/api/me') : null;
  const selfId = me?.status === 200 ? String(me.json.participantId ?? me.json.id ?? '') : '';
  const doc = opts.doc ?? new Y.Doc();
  const wsBase = api.base.replace(/^http/, 'ws') + '/sync/' + conferenceId;
  const provider = new WebsocketProvider(wsBase, docName, doc, {
    WebSocketPolyfill: cookieWebSocket(api),
    disableBc: true,
    maxBackoffTime: 200,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const denied: string[] = [];
  // y-websocket reports permission denied on the console only; record it for assertions.
  provider.messageHandlers[MESSAGE.auth] = (_encoder, decoder) => {
    decoding.readVarUint(decoder); // 0 = permission denied, the only auth message y-protocols defines
    denied.push(decoding.readVarString(decoder));
  };
  const client: BoardClient = {
    doc,
    provider,
    closes,
    denied,
    selfId,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
  if (opts.waitForSync !== false) await waitFor('client to sync', () => provider.synced, 15_000);
  return client;
}
