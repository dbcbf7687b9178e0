import { MergeHeap } from '../../shared/domain/heap';
import { rng } from './helpers';

describe('MergeHeap', () => {
  it('merges sorted lists into one sorted sequence, ties by list index', () => {
    const random = rng(5);
    for (let t = 0; t < 50; t++) {
      const lists = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        Array.from({ length: Math.floor(random() * 30) }, () => Math.floor(random() * 40)).sort((a, b) => a - b),
      );
      const cursor = lists.map(() => 0);
      const head = (i: number) => lists[i][cursor[i]];
      const heap = new MergeHeap([...lists.keys()].filter((i) => lists[i].length), (x, y) => head(x) < head(y) || (head(x) === head(y) && x < y));
      const out: [number, number][] = [];
      while (heap.size) {
        const i = heap.top;
        out.push([head(i), i]);
        if (++cursor[i] === lists[i].length) heap.popTop();
        else heap.advanced();
      }
      const expected = lists.flatMap((l, i) => l.map((v) => [v, i] as [number, number])).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(out).toEqual(expected);
    }
  });
});
