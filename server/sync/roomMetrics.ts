// What rooms report as they work, for /metrics (server/metrics.ts counts them).

/** What rooms report as they work, for /metrics (durations in seconds; nothing personal). */
export interface RoomMetrics {
  /** A client's update is in the live document, `seconds` after its frame arrived. */
  updateApplied(seconds: number): void;
  /** An update is committed to the store; the append took `seconds`. */
  updateStored(seconds: number): void;
  /** The update log was folded into a snapshot. */
  compacted(): void;
  /** A client's update was refused by a rule. */
  refused(): void;
  /** The document was rebuilt from the store after a refused update had changed it. */
  rebuilt(): void;
  /** Another instance's update reached this room through the news, `seconds` after it was published. */
  fannedOut(seconds: number): void;
  /** This room caught up from the store after news was missed (a gap in the seqs, or news lost). */
  gapFilled(): void;
  /** A write lost its append to another instance's and was decided again (`holdingHead`: the second time on, holding the document's head). */
  conflicted(holdingHead: boolean): void;
}

/** RoomMetrics that reports nowhere (a Rooms built without metrics). */
export const NO_ROOM_METRICS: RoomMetrics = {
  updateApplied: () => undefined,
  updateStored: () => undefined,
  compacted: () => undefined,
  refused: () => undefined,
  rebuilt: () => undefined,
  fannedOut: () => undefined,
  gapFilled: () => undefined,
  conflicted: () => undefined,
};
