// The zoom buttons under a map, the non-drag way to zoom (and back to where it started).
import type { ZoomPan } from './useZoomPan.ts';

/** "Zoom in", "Zoom out", "Reset the view" for `zoom`, as a group named `label`. */
export function ZoomButtons({ zoom, label }: { zoom: Pick<ZoomPan, 'zoomIn' | 'zoomOut' | 'reset'>; label: string }) {
  return (
    <div className="map-zoom button-row" role="group" aria-label={label}>
      <button type="button" className="button" onClick={zoom.zoomIn}>
        <span aria-hidden="true">+ </span>Zoom in
      </button>
      <button type="button" className="button" onClick={zoom.zoomOut}>
        <span aria-hidden="true">− </span>Zoom out
      </button>
      <button type="button" className="button" onClick={zoom.reset}>
        Reset the view
      </button>
    </div>
  );
}
