/** A typed array constructor the workspace pools. */
type TypedArray = Float64Array | Int32Array | Uint8Array;

/** One pooled slot: the buffer (its capacity) and the last view handed out. */
interface Slot<T extends TypedArray> {
  buffer: T;
  view: T;
}

/**
 * Scratch memory of one solve, kept by the prepared site between rounds so that a round allocates (almost) no
 * typed arrays: each named slot keeps its buffer and hands out a view of the length asked for, growing only when a
 * round needs more. A view holds whatever the last round left there unless it is asked for `zeroed`.
 *
 * A workspace serves one solve at a time: {@link acquireWorkspace} takes one from the site's free list (or makes
 * one) and {@link releaseWorkspace} gives it back, so a solve nested in another (the demand-response baseline)
 * gets its own.
 */
export class Workspace {
  /**
   * Whether the workspace will serve more solves on the same site (a prepared site, the slots of a plan): only then
   * is it worth remembering what a solve worked out (admission order, matrix, lookups) for the next one.
   */
  readonly lasting: boolean;
  private readonly f64s = new Map<string, Slot<Float64Array>>();
  private readonly i32s = new Map<string, Slot<Int32Array>>();
  private readonly u8s = new Map<string, Slot<Uint8Array>>();
  private readonly lists = new Map<string, unknown[]>();
  /** What a stage keeps from one round to the next in this workspace (its caches), by stage. */
  readonly memo = new Map<string, unknown>();

  /** A workspace; `lasting` when it will serve more solves on the same site. */
  constructor(lasting: boolean) {
    this.lasting = lasting;
  }

  /** A `Float64Array` of `length` in slot `name`. */
  f64(name: string, length: number, zeroed = false): Float64Array {
    return view(this.f64s, name, length, zeroed, (size) => new Float64Array(size));
  }

  /** An `Int32Array` of `length` in slot `name`. */
  i32(name: string, length: number, zeroed = false): Int32Array {
    return view(this.i32s, name, length, zeroed, (size) => new Int32Array(size));
  }

  /** A `Uint8Array` of `length` in slot `name`. */
  u8(name: string, length: number, zeroed = false): Uint8Array {
    return view(this.u8s, name, length, zeroed, (size) => new Uint8Array(size));
  }

  /** A plain array of `length` in slot `name`; entries are left from the last round unless `cleared`. */
  list<T>(name: string, length: number, cleared = false): (T | undefined)[] {
    let list = this.lists.get(name) as (T | undefined)[] | undefined;
    if (list === undefined) {
      list = new Array<T | undefined>(length).fill(undefined);
      this.lists.set(name, list);
      return list;
    }
    if (list.length !== length) {
      const had = list.length;
      list.length = length;
      if (length > had) list.fill(undefined, had);
    }
    if (cleared) list.fill(undefined);
    return list;
  }
}

function view<T extends TypedArray>(
  slots: Map<string, Slot<T>>,
  name: string,
  length: number,
  zeroed: boolean,
  make: (size: number) => T,
): T {
  let slot = slots.get(name);
  if (slot === undefined || slot.buffer.length < length) {
    // growing: a quarter more than asked, so that a site growing a little does not reallocate every round
    const buffer = make(slot === undefined ? length : length + (length >> 2));
    slot = { buffer, view: buffer.subarray(0, length) as T };
    slots.set(name, slot);
    return slot.view;
  }
  if (slot.view.length !== length) slot.view = slot.buffer.subarray(0, length) as T;
  if (zeroed) slot.view.fill(0);
  return slot.view;
}

/** Where a prepared site keeps its idle workspaces. */
export interface WorkspacePool {
  readonly idle: Workspace[];
}

/** A workspace for one solve: an idle one of the pool, or a new one (`lasting`: see {@link Workspace.lasting}). */
export function acquireWorkspace(pool: WorkspacePool, lasting = true): Workspace {
  return pool.idle.pop() ?? new Workspace(lasting);
}

/** Gives a workspace back (keeps at most a few idle). */
export function releaseWorkspace(pool: WorkspacePool, workspace: Workspace): void {
  if (pool.idle.length < 4) pool.idle.push(workspace);
}
