/**
 * `Directory_ConcurrencyViolation` mode: while on, a write holds its partner for the whole request; a second
 * write to the same partner that arrives meanwhile is refused with 409.
 */
export class WriteWindows {
  private readonly open = new Set<string>();

  /** False when another write to `partnerId` is in flight. */
  tryEnter(partnerId: string): boolean {
    const key = partnerId.toLowerCase();
    if (this.open.has(key)) return false;
    this.open.add(key);
    return true;
  }

  leave(partnerId: string): void {
    this.open.delete(partnerId.toLowerCase());
  }

  clear(): void {
    this.open.clear();
  }
}
