// Zooming and panning the map: buttons (the non-drag way, WCAG 2.2 SC 2.5.7), and on a touch screen or
// with a mouse, drag to pan and pinch to zoom with pointer events. The view is a scale and the map
// point at the middle of the viewport; the SVG's viewBox follows from them and the viewport's size.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface View {
  scale: number;
  cx: number;
  cy: number;
}

/** Zoom steps of the buttons, and the largest zoom. */
const ZOOM_STEP = 1.25;
const MAX_SCALE = 3;
/**
 * The least scale the map opens at, so names stay readable (drag or zoom out for the rest): on a touch
 * screen also so each person is a 44 px target (their box is 60 map units high).
 */
export const READABLE_SCALE = 0.62;
export const TOUCH_SCALE = 0.75;
/** A pointer that moves less than this is a press, not a drag. */
const DRAG_SLOP_PX = 6;

/** The view the map opens at: all of it if that is readable, else readable around the young person. */
export function startView(bounds: Bounds, size: { width: number; height: number }, least = READABLE_SCALE): View {
  const fit = Math.min(size.width / bounds.width, size.height / bounds.height);
  if (fit >= least || !(fit > 0)) return { scale: fit > 0 ? Math.min(fit, 1) : 1, cx: bounds.x + bounds.width / 2, cy: bounds.y + bounds.height / 2 };
  return { scale: least, cx: 0, cy: 0 };
}

/** The least opening scale on this device. */
function leastScale(): number {
  const coarse = typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches;
  return coarse ? TOUCH_SCALE : READABLE_SCALE;
}

/** The viewBox showing `view` in a viewport of `size` pixels. */
export function viewBoxOf(view: View, size: { width: number; height: number }): string {
  const w = size.width / view.scale;
  const h = size.height / view.scale;
  return `${view.cx - w / 2} ${view.cy - h / 2} ${w} ${h}`;
}

export interface ZoomPan {
  viewBox: string;
  zoomIn: () => void;
  zoomOut: () => void;
  reset: () => void;
  /** Brings a map point into view if it is outside (or near the edge of) what is shown. */
  reveal: (x: number, y: number) => void;
  /** True just after a drag, so the press that ended it does not also open a person. */
  dragged: () => boolean;
  handlers: {
    onPointerDown: (event: ReactPointerEvent<Element>) => void;
    onPointerMove: (event: ReactPointerEvent<Element>) => void;
    onPointerUp: (event: ReactPointerEvent<Element>) => void;
    onPointerCancel: (event: ReactPointerEvent<Element>) => void;
  };
}

/** The view of the map in `viewport`, for a drawing of `bounds`. */
export function useZoomPan(viewport: RefObject<HTMLElement | null>, bounds: Bounds): ZoomPan {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [view, setView] = useState<View>({ scale: 1, cx: 0, cy: 0 });
  const touched = useRef(false);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const moved = useRef(0);
  const wasDrag = useRef(false);
  const boundsKey = `${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`;

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return undefined;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [viewport]);

  // Until someone zooms or pans, the view follows the viewport's size and the drawing's extent.
  useEffect(() => {
    if (!touched.current && size.width > 0) setView(startView(bounds, size, leastScale()));
    // boundsKey stands for bounds: a new object each render, the same extent most of the time.
  }, [size, boundsKey]);

  const zoomBy = useCallback((factor: number, about?: { x: number; y: number }) => {
    touched.current = true;
    setView((v) => {
      const scale = Math.min(MAX_SCALE, Math.max(0.1, v.scale * factor));
      if (!about) return { ...v, scale };
      // Keep the map point under `about` (viewport pixels from the middle) where it is.
      const k = 1 / v.scale - 1 / scale;
      return { scale, cx: v.cx + about.x * k, cy: v.cy + about.y * k };
    });
  }, []);

  const reveal = useCallback(
    (x: number, y: number) => {
      setView((v) => {
        const halfW = size.width / (2 * v.scale);
        const halfH = size.height / (2 * v.scale);
        const marginX = Math.min(halfW * 0.8, 70);
        const marginY = Math.min(halfH * 0.8, 60);
        if (Math.abs(x - v.cx) <= halfW - marginX && Math.abs(y - v.cy) <= halfH - marginY) return v;
        touched.current = true;
        return { ...v, cx: x, cy: y };
      });
    },
    [size],
  );

  const handlers = {
    onPointerDown: (event: ReactPointerEvent<Element>) => {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.current.size === 1) {
        moved.current = 0;
        wasDrag.current = false;
      }
    },
    onPointerMove: (event: ReactPointerEvent<Element>) => {
      const last = pointers.current.get(event.pointerId);
      if (!last) return;
      const now = { x: event.clientX, y: event.clientY };
      if (pointers.current.size >= 2) {
        const [a, b] = [...pointers.current.entries()].slice(0, 2);
        if (!a || !b) return;
        const other = a[0] === event.pointerId ? b[1] : a[1];
        const before = Math.hypot(last.x - other.x, last.y - other.y);
        const after = Math.hypot(now.x - other.x, now.y - other.y);
        const rect = (event.currentTarget as Element).getBoundingClientRect();
        const mid = { x: (now.x + other.x) / 2 - rect.left - rect.width / 2, y: (now.y + other.y) / 2 - rect.top - rect.height / 2 };
        if (before > 0) zoomBy(after / before, mid);
        wasDrag.current = true;
      } else {
        const dx = now.x - last.x;
        const dy = now.y - last.y;
        moved.current += Math.abs(dx) + Math.abs(dy);
        if (moved.current > DRAG_SLOP_PX) {
          if (!wasDrag.current) (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
          wasDrag.current = true;
          touched.current = true;
          setView((v) => ({ ...v, cx: v.cx - dx / v.scale, cy: v.cy - dy / v.scale }));
        }
      }
      pointers.current.set(event.pointerId, now);
    },
    onPointerUp: (event: ReactPointerEvent<Element>) => {
      pointers.current.delete(event.pointerId);
    },
    onPointerCancel: (event: ReactPointerEvent<Element>) => {
      pointers.current.delete(event.pointerId);
    },
  };

  return {
    viewBox: size.width > 0 ? viewBoxOf(view, size) : `${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`,
    zoomIn: () => zoomBy(ZOOM_STEP),
    zoomOut: () => zoomBy(1 / ZOOM_STEP),
    reset: () => {
      touched.current = false;
      setView(startView(bounds, size, leastScale()));
    },
    reveal,
    dragged: () => wasDrag.current,
    handlers,
  };
}
