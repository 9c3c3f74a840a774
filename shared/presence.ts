// Presence that survives a reconnect, for every y-websocket client (browser and tests alike).

import type { WebsocketProvider } from 'y-websocket';

/**
 * y-protocols ignores an awareness state whose clock it has already seen, yet y-websocket 3.1
 * re-sends its own state with the old clock after reconnecting and keeps the clocks of the peers
 * it dropped — so after a dropped connection people vanish from "Here now" for ~15 s. Announce
 * again with a new clock once connected, and forget dropped peers' clocks when disconnected.
 * (The server cannot do this: every peer, not only the server, compares the clocks.)
 */
export function keepPresenceAcrossReconnects(provider: WebsocketProvider): () => void {
  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    const awareness = provider.awareness;
    if (status === 'connected') {
      const mine = awareness.getLocalState();
      if (mine !== null) awareness.setLocalState(mine);
    } else if (status === 'disconnected') {
      for (const id of [...awareness.meta.keys()]) if (id !== awareness.clientID) awareness.meta.delete(id);
    }
  };
  provider.on('status', onStatus);
  return () => provider.off('status', onStatus);
}
