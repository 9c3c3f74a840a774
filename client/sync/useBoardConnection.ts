// The WebsocketProvider hookup: one Y.Doc per open board, its connection state, and our presence.
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { ClosedBy } from './closeMessages.ts';
import type { PresenceUser } from './presence.ts';
import { keepPresenceAcrossReconnects } from '../../shared/presence.ts';

/** What the connection indicator shows. */
export type LinkState = 'connecting' | 'live' | 'offline';

/** The live board document and its provider. */
export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  link: LinkState;
  /** True once the first full sync has arrived (until then the board is not shown). */
  loaded: boolean;
  /** Set when the server closed the connection for good (4400–4499). */
  closed: ClosedBy | null;
}

/** ws(s)://this-origin, so the live document goes to the same server as the page. */
export function wsOrigin(): string {
  return location.origin.replace(/^http/, 'ws');
}

/** Opens /sync/:conferenceId/board while mounted; null until `user` is known. */
export function useBoardConnection(conferenceId: string, user: PresenceUser | null): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const userKey = user ? `${user.name}\u0000${user.role}\u0000${user.color}` : '';

  useEffect(() => {
    if (!user) return undefined;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${wsOrigin()}/sync/${encodeURIComponent(conferenceId)}`, 'board', doc, { disableBc: true });
    provider.awareness.setLocalStateField('user', user);
    const stopPresenceFix = keepPresenceAcrossReconnects(provider);

    let connected = false;
    let synced = false;
    let loaded = false;
    let closed: ClosedBy | null = null;
    const publish = () => {
      const link: LinkState = connected && synced ? 'live' : loaded ? 'offline' : 'connecting';
      setConnection({ doc, provider, link, loaded, closed });
    };
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      connected = status === 'connected';
      if (!connected) synced = false;
      publish();
    };
    const onSync = (isSynced: boolean) => {
      synced = isSynced;
      if (isSynced) loaded = true;
      publish();
    };
    const onClosed = (event: { code: number; reason: string }) => {
      closed = { code: event.code, reason: event.reason };
      publish();
    };
    const onBrowserOffline = () => {
      connected = false;
      synced = false;
      publish();
    };
    const onBrowserOnline = () => {
      connected = provider.wsconnected;
      synced = provider.synced;
      publish();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    window.addEventListener('offline', onBrowserOffline);
    window.addEventListener('online', onBrowserOnline);
    publish();

    return () => {
      window.removeEventListener('offline', onBrowserOffline);
      window.removeEventListener('online', onBrowserOnline);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      stopPresenceFix();
      provider.destroy();
      doc.destroy();
      setConnection(null);
    };
    // userKey stands for `user`: a new object with the same fields must not reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conferenceId, userKey]);

  return connection;
}
