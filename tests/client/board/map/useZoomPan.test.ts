// The view the map opens at: all of it when that is readable, else readable around the young person.
import { describe, expect, it } from 'vitest';
import { startView, viewBoxOf } from '../../../../client/board/map/useZoomPan.ts';

describe('startView', () => {
  const bounds = { x: -500, y: -560, width: 1000, height: 1200 };

  it('shows the whole map when it fits at a readable size, never larger than life', () => {
    expect(startView(bounds, { width: 1400, height: 1300 }, 0.6)).toEqual({ scale: 1, cx: 0, cy: 40 });
    const view = startView(bounds, { width: 800, height: 840 }, 0.6);
    expect(view.scale).toBeCloseTo(0.7);
  });

  it('opens readable around the young person when the whole map would be too small to read', () => {
    expect(startView(bounds, { width: 334, height: 560 }, 0.75)).toEqual({ scale: 0.75, cx: 0, cy: 0 });
  });
});

describe('viewBoxOf', () => {
  it('centres the view on its point, the viewport’s size divided by the scale', () => {
    expect(viewBoxOf({ scale: 0.5, cx: 10, cy: 20 }, { width: 400, height: 300 })).toBe('-390 -280 800 600');
  });
});
