// The binary min-heap behind k-way merges of sorted lists (pool snapshots, draw selections): it holds list
// indices, ordered by `less` over whatever each list's cursor currently shows. Pure, no allocation per step.

export class MergeHeap {
  private readonly heap: Int32Array;
  private n: number;

  /** `lists`: the indices of the non-empty lists, their cursors already on their first elements. */
  constructor(lists: readonly number[], private readonly less: (x: number, y: number) => boolean) {
    this.heap = Int32Array.from(lists);
    this.n = lists.length;
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.n;
  }

  /** The list whose current element is smallest. */
  get top(): number {
    return this.heap[0];
  }

  /** The top list's cursor moved on to its next element. */
  advanced(): void {
    this.down(0);
  }

  /** The top list has no element left. */
  popTop(): void {
    this.heap[0] = this.heap[--this.n];
    if (this.n) this.down(0);
  }

  private down(i: number): void {
    const { heap, less, n } = this;
    const item = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && less(heap[c + 1], heap[c])) c++;
      if (!less(heap[c], item)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = item;
  }
}
