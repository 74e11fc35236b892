using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Fraud.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Modules.Ledger.Providers;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Reviews;

/// <summary>
/// Customer debits through fraud detection: each is screened before it moves and recorded (with its alerts)
/// in the same transaction as its entry. One whose score reaches the hold score is not completed: its money
/// is held and it waits as PENDING_REVIEW (a payout's beneficiary sealed meanwhile) until staff release it
/// (it then posts, or goes to its provider) or reject it (the hold is voided); unreviewed ones are rejected
/// after <c>Ledger:FraudReviewHours</c>.
/// </summary>
internal sealed class FraudReviews
{
    private readonly ILedger _ledger;
    private readonly IFraudScreen _screen;
    private readonly ProviderGateway _gateway;
    private readonly SecretBox _box;
    private readonly IAuditTrail _audit;

    public FraudReviews(ILedger ledger, IFraudScreen screen, ProviderGateway gateway, SecretBox box, IAuditTrail audit)
    {
        _ledger = ledger;
        _screen = screen;
        _gateway = gateway;
        _box = box;
        _audit = audit;
    }

    /// <summary>A debit between accounts of the bank: posted, or held for review.</summary>
    public async Task<Guid> TransferAsync(AppDb db, UserSummary payer, JournalDraft draft, string destination, CancellationToken cancellationToken)
    {
        var (attempt, verdict) = await ScreenAsync(db, payer, draft, destination, cancellationToken);
        var entry = await _ledger.RunAsync(db, async books =>
        {
            var posted = verdict.Hold ? await books.HoldForReviewAsync(draft) : await books.PostAsync(draft);
            await _screen.RecordAsync(books.Db, attempt, verdict, posted.TransactionId, cancellationToken);
            return posted;
        }, cancellationToken);
        return entry.EntryId;
    }

    /// <summary>A payout: pended and sent to the provider, or held for review with its beneficiary sealed.</summary>
    public async Task<Guid> PayOutAsync(AppDb db, UserSummary payer, JournalDraft draft, Beneficiary beneficiary, CancellationToken cancellationToken)
    {
        var (attempt, verdict) = await ScreenAsync(db, payer, draft, $"payee:{beneficiary.Ifsc}:{beneficiary.AccountNumber}", cancellationToken);
        if (!verdict.Hold)
        {
            return await _gateway.PayOutAsync(db, draft, beneficiary, (books, pending) => _screen.RecordAsync(books.Db, attempt, verdict, pending.TransactionId, cancellationToken),
                cancellationToken);
        }
        var held = await _ledger.RunAsync(db, async books =>
        {
            var entry = await books.HoldForReviewAsync(draft with { Provider = _gateway.PayoutProvider });
            await books.Db.InsertAsync(new HeldPayout
            {
                EntryId = entry.EntryId, BeneficiaryEncrypted = _box.EncryptString(JsonSerializer.Serialize(beneficiary), Sealed(entry.EntryId)), CreatedAt = entry.CreatedAt,
            }, token: cancellationToken);
            await _screen.RecordAsync(books.Db, attempt, verdict, entry.TransactionId, cancellationToken);
            return entry;
        }, cancellationToken);
        return held.EntryId;
    }

    /// <summary>Staff release a held debit: it posts from its hold, or (a payout) goes to its provider now.</summary>
    public async Task<Guid> ReleaseAsync(AppDb db, UserSummary staff, string transactionId, CancellationToken cancellationToken)
    {
        var entry = await HeldInReachAsync(db, staff, transactionId, cancellationToken);
        if (entry.Provider is null)
        {
            await _ledger.RunAsync(db, async books =>
            {
                var settled = await books.SettleReviewAsync(entry.Id) ?? throw NotHeld();
                await Audited(books, "ledger.review_released", entry, staff, null, cancellationToken);
                return settled;
            }, cancellationToken);
            return entry.Id;
        }
        var beneficiary = await _ledger.RunAsync(db, async books =>
        {
            if (!await books.ReleaseToProviderAsync(entry.Id))
            {
                throw NotHeld();
            }
            var row = await books.Db.GetTable<HeldPayout>().FirstAsync(h => h.EntryId == entry.Id, cancellationToken);
            await books.Db.GetTable<HeldPayout>().Where(h => h.EntryId == entry.Id).DeleteAsync(cancellationToken);
            await Audited(books, "ledger.review_released", entry, staff, null, cancellationToken);
            return JsonSerializer.Deserialize<Beneficiary>(_box.DecryptString(row.BeneficiaryEncrypted, Sealed(entry.Id)))!;
        }, cancellationToken);
        var pending = new PostedEntry(entry.Id, entry.TransactionId, EntryStatuses.Pending, entry.CreatedAt, null, new Dictionary<Guid, long>());
        return await _gateway.ResumePayOutAsync(db, pending, entry.AmountPaise, beneficiary);
    }

    /// <summary>Staff reject a held debit: nothing moves, the hold is released.</summary>
    public async Task<Guid> RejectAsync(AppDb db, UserSummary staff, string transactionId, string reason, CancellationToken cancellationToken)
    {
        var entry = await HeldInReachAsync(db, staff, transactionId, cancellationToken);
        await _ledger.RunAsync(db, async books =>
        {
            var voided = await books.VoidReviewAsync(entry.Id, $"Rejected in fraud review: {reason}") ?? throw NotHeld();
            await books.Db.GetTable<HeldPayout>().Where(h => h.EntryId == entry.Id).DeleteAsync(cancellationToken);
            await Audited(books, "ledger.review_rejected", entry, staff, reason, cancellationToken);
            return voided;
        }, cancellationToken);
        return entry.Id;
    }

    /// <summary>Rejects every debit held since before <paramref name="before"/>; answers how many.</summary>
    public async Task<int> ExpireAsync(AppDb db, DateTime before, CancellationToken cancellationToken)
    {
        var stale = await db.GetTable<JournalEntry>().Where(e => e.Status == EntryStatuses.PendingReview && Instants.Before(e.CreatedAt, before))
            .Select(e => e.Id).ToListAsync(cancellationToken);
        var rejected = 0;
        foreach (var id in stale)
        {
            rejected += await _ledger.RunAsync(db, async books =>
            {
                var voided = await books.VoidReviewAsync(id, "Not reviewed in time: rejected by the bank's systems.");
                await books.Db.GetTable<HeldPayout>().Where(h => h.EntryId == id).DeleteAsync(cancellationToken);
                return voided is null ? 0 : 1;
            }, cancellationToken);
        }
        return rejected;
    }

    private async Task<(DebitAttempt, FraudVerdict)> ScreenAsync(AppDb db, UserSummary payer, JournalDraft draft, string destination, CancellationToken cancellationToken)
    {
        var attempt = new DebitAttempt(payer.Id, payer.UserCode, payer.BranchCode, draft.AmountPaise + draft.FeePaise, destination);
        return (attempt, await _screen.ScreenAsync(db, attempt, cancellationToken));
    }

    private static async Task<JournalEntry> HeldInReachAsync(AppDb db, UserSummary staff, string transactionId, CancellationToken cancellationToken)
    {
        var entry = await db.GetTable<JournalEntry>().FirstOrDefaultAsync(e => e.TransactionId == transactionId, cancellationToken);
        var branch = entry is null ? null : await db.GetTable<LedgerAccount>().Where(a => a.Id == entry.FromAccountId).Select(a => a.BranchCode).FirstOrDefaultAsync(cancellationToken);
        if (entry is null || !Admin.AdminAccountEndpoints.InReach(staff, branch))
        {
            throw ApiProblemException.NotFound("No such transaction in your reach.");
        }
        return entry.Status == EntryStatuses.PendingReview ? entry : throw NotHeld();
    }

    private Task Audited(ILedgerTransaction books, string action, JournalEntry entry, UserSummary staff, string? reason, CancellationToken cancellationToken) =>
        _audit.RecordAsync(books.Db, new AuditEvent(action, "transaction", entry.TransactionId, new { by = staff.UserCode, reason }), cancellationToken);

    private static string Sealed(Guid entryId) => $"ledger-held-payout:{entryId:N}";

    private static ApiProblemException NotHeld() =>
        new(StatusCodes.Status409Conflict, "Not under review", "The transaction is not held for review (it was released, rejected or never held).", code: "not_under_review");
}
