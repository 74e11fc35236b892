using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Privacy.Contracts;

/// <summary>What happened to one kind of data at an erasure, as the person is told it (categories only, never values).</summary>
public static class ErasureActions
{
    /// <summary>Deleted, or overwritten so that nothing of the value is left.</summary>
    public const string Erased = "erased";

    /// <summary>Kept, but with every value that names the person replaced: what remains leads to no one.</summary>
    public const string Pseudonymised = "pseudonymised";

    /// <summary>Kept because a law requires it, locked from every use but compliance, and purged when its period ends.</summary>
    public const string Retained = "retained";
}

/// <summary>One line of an erasure's account to the person: which data, what was done, why, and (retained) until when.</summary>
public sealed record ErasureLine(string Data, string Action, string Reason, bool UntilRetentionEnds = false);

/// <summary>Why an erasure cannot go ahead now. <see cref="Refuses"/>: it is refused outright (an open loan); otherwise the request waits (money still held).</summary>
public sealed record ErasureBlock(string Code, string Reason, bool Refuses);

/// <summary>Thrown by a participant that finds, inside the erasure's transaction, that a block arose since it was checked: the erasure is rolled back and waits.</summary>
public sealed class ErasureBlockedException(ErasureBlock block) : Exception(block.Reason)
{
    public ErasureBlock Block { get; } = block;
}

/// <summary>The person being erased: their id and public code, and the time of the erasure.</summary>
public sealed record ErasureSubject(Guid UserId, string UserCode, DateTime Now);

/// <summary>
/// A module's part in a data principal's erasure (DPDP Act s. 12; RBI KYC Master Direction s. 46 and PMLA s. 12 for what must stay).
/// The privacy module asks every participant first whether anything blocks the erasure, then runs each one's <see cref="EraseAsync"/> in one
/// transaction, and when the retention period has run out, each one's <see cref="PurgeRetainedAsync"/>. docs/privacy.md lists what each does.
/// </summary>
public interface IErasureParticipant
{
    /// <summary>What stops the person's erasure now, or null (the default: this module never blocks one).</summary>
    Task<ErasureBlock?> BlockAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => Task.FromResult<ErasureBlock?>(null);

    /// <summary>
    /// The latest moment of the person's relationship this module knows (an account closed, a last transaction), or null: the retention period runs from
    /// the latest of them all. The default: nothing this module holds marks it.
    /// </summary>
    Task<DateTime?> RelationshipEndAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => Task.FromResult<DateTime?>(null);

    /// <summary>Erases or pseudonymises what no law requires and locks what must stay, inside <paramref name="db"/>'s transaction; answers what it did.</summary>
    Task<IReadOnlyList<ErasureLine>> EraseAsync(AppDb db, ErasureSubject subject, CancellationToken cancellationToken);

    /// <summary>Purges the retained set once its period is over (inside <paramref name="db"/>'s transaction); answers how many rows went. The default: it retains nothing.</summary>
    Task<int> PurgeRetainedAsync(AppDb db, Guid userId, CancellationToken cancellationToken) => Task.FromResult(0);
}
