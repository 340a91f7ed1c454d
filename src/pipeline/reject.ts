import { currentEstimate } from '../model/estimates.js';
import type { LedgerClaim } from '../model/ledger.js';
import type { Store } from '../store/port.js';

export type RejectResult =
  | { kind: 'rejected'; claim: LedgerClaim; before: LedgerClaim | null; after: LedgerClaim | null }
  | { kind: 'not-found' }
  | { kind: 'already-rejected'; claim: LedgerClaim };

/**
 * Marks a wrong extraction. Its figure is the user's verdict: new claims of it are stored rejected
 * and never alert; the estimate is whatever the one rule makes of the claims left.
 */
export function rejectClaim(store: Store, id: number, reason: string | null, at: string): Promise<RejectResult> {
  return store.transaction(async (tx): Promise<RejectResult> => {
    const claim = await tx.ledgerClaim(id);
    if (!claim) return { kind: 'not-found' };
    if (claim.rejected) return { kind: 'already-rejected', claim };
    const before = currentEstimate(await tx.ledger([claim.metric]));
    await tx.rejectClaims([id], reason, at, 'user');
    const after = currentEstimate(await tx.ledger([claim.metric]));
    return { kind: 'rejected', claim, before, after };
  });
}
