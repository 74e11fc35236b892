using System.Text.Json.Serialization;
using CredbuzzPay.Api.Platform.Http;
using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Jobs;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

/// <summary>Whom to block: <c>user_code</c>, or <c>user_id</c> as seed 003 calls it (the same 6-character code).</summary>
public sealed record BlockRequest(string? UserCode, [property: MultilineText] string? Reason, int? DurationDays, string? UserId = null)
{
    [JsonIgnore] public string? Target => UserCode ?? UserId;
}

public sealed record UnblockRequest(string? UserCode, string? UserId = null)
{
    [JsonIgnore] public string? Target => UserCode ?? UserId;
}

/// <summary>Whom to block: <c>user_codes</c>, or <c>user_ids</c> as seed 003 calls them.</summary>
public sealed record BatchBlockRequest(IReadOnlyList<string>? UserCodes, [property: MultilineText] string? Reason, int? DurationDays, IReadOnlyList<string>? UserIds = null)
{
    [JsonIgnore] public IReadOnlyList<string>? Targets => UserCodes ?? UserIds;
}

public sealed record BlockResponse(string UserId, string UserCode, bool Blocked, DateTime BlockedAt, DateTime? BlockedUntil, string Reason, int SessionsEnded);

public sealed record UnblockResponse(string UserId, string UserCode, bool Unblocked, DateTime UnblockedAt);

public sealed record BatchBlockResponse(int BlockedCount, IReadOnlyList<string> BlockedUsers, string Message);

internal sealed class BlockRequestValidator : AbstractValidator<BlockRequest>
{
    public BlockRequestValidator()
    {
        RuleFor(r => r.Target).NotEmpty().OverridePropertyName("user_code").WithMessage("The user_code (or user_id) is required.");
        RuleFor(r => r.Reason).NotEmpty().WithMessage("Say why.").MaximumLength(500);
        RuleFor(r => r.DurationDays).InclusiveBetween(1, 3650).When(r => r.DurationDays is not null).WithMessage("From 1 to 3650 days (leave it out to block until unblocked).");
    }
}

internal sealed class UnblockRequestValidator : AbstractValidator<UnblockRequest>
{
    public UnblockRequestValidator() => RuleFor(r => r.Target).NotEmpty().OverridePropertyName("user_code").WithMessage("The user_code (or user_id) is required.");
}

internal sealed class BatchBlockRequestValidator : AbstractValidator<BatchBlockRequest>
{
    public BatchBlockRequestValidator()
    {
        RuleFor(r => r.Targets).NotEmpty().OverridePropertyName("user_codes").WithMessage("Give 1 to 100 user codes (user_codes or user_ids).")
            .Must(c => c is null || c.Count <= 100).WithMessage("Give 1 to 100 user codes (user_codes or user_ids).");
        RuleFor(r => r.Reason).NotEmpty().WithMessage("Say why.").MaximumLength(500);
        RuleFor(r => r.DurationDays).InclusiveBetween(1, 3650).When(r => r.DurationDays is not null).WithMessage("From 1 to 3650 days (leave it out to block until unblocked).");
    }
}

/// <summary>
/// Seed 003 #23, #24, #47: blocking ends every session at once (the session check refuses the next
/// request), is audited, and ends by itself when its duration passes (the cleanup job, and at sign-in).
/// </summary>
internal static class UserBlocks
{
    public static void MapBlockEndpoints(this IEndpointRouteBuilder api)
    {
        var block = api.MapGroup("/admin/block").WithTags("User administration").RequireStaff(Roles.Admin);
        block.MapPost("/block_user", BlockAsync).Validate<BlockRequest>().WithSummary("Block a user (optionally for duration_days); their sessions end at once.");
        block.MapPost("/unblock_user", UnblockAsync).Validate<UnblockRequest>().WithSummary("Lift a block.");
        block.MapPost("/batch_block", BatchAsync).Validate<BatchBlockRequest>()
            .WithSummary("Block up to 100 users in one transaction: all or none (a user out of reach refuses the batch).");
    }

    internal static async Task<Ok<BlockResponse>> BlockAsync(BlockRequest request, ClaimsPrincipal principal, StaffActions staff, SessionStore sessions, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, request.Target, manage: true, cancellationToken);
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        var response = await BlockOneAsync(staff, sessions, actor, target, request.Reason!, request.DurationDays, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(response);
    }

    internal static async Task<Ok<BatchBlockResponse>> BatchAsync(BatchBlockRequest request, ClaimsPrincipal principal, StaffActions staff, SessionStore sessions, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var targets = new List<UserAccount>();
        foreach (var code in request.Targets!.Select(c => c.Trim().ToUpperInvariant()).Distinct())
        {
            targets.Add(await staff.TargetAsync(actor, code, manage: true, cancellationToken));
        }
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        foreach (var target in targets)
        {
            await BlockOneAsync(staff, sessions, actor, target, request.Reason!, request.DurationDays, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new BatchBlockResponse(targets.Count, targets.Select(t => t.UserCode).ToList(), $"{targets.Count} users blocked successfully"));
    }

    private static async Task<BlockResponse> BlockOneAsync(StaffActions staff, SessionStore sessions, UserSummary actor, UserAccount target, string reason, int? days,
        CancellationToken cancellationToken)
    {
        var now = staff.Now;
        DateTime? until = days is null ? null : now.AddDays(days.Value);
        await staff.Db.GetTable<UserAccount>().Where(u => u.Id == target.Id)
            .Set(u => u.Status, UserStatuses.Blocked).Set(u => u.BlockedUntil, until).Set(u => u.BlockReason, reason)
            .Set(u => u.BlockedBy, actor.UserCode).Set(u => u.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        var ended = await sessions.RevokeAllAsync(staff.Db, target.Id, actor.UserCode, "blocked", null, cancellationToken);
        await staff.RecordAsync(actor, "user.blocked", target, new { status = target.Status }, new { status = UserStatuses.Blocked, blocked_until = until }, cancellationToken,
            new { reason, duration_days = days, sessions_ended = ended });
        return new BlockResponse(target.UserCode, target.UserCode, true, now, until, reason, ended);
    }

    internal static async Task<Ok<UnblockResponse>> UnblockAsync(UnblockRequest request, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, request.Target, manage: true, cancellationToken);
        if (target.Status != UserStatuses.Blocked)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "This user is not blocked.");
        }
        var now = staff.Now;
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        await staff.Db.GetTable<UserAccount>().Where(u => u.Id == target.Id)
            .Set(u => u.Status, UserStatuses.Active).Set(u => u.BlockedUntil, (DateTime?)null).Set(u => u.BlockReason, (string?)null)
            .Set(u => u.BlockedBy, (string?)null).Set(u => u.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        await staff.RecordAsync(actor, "user.unblocked", target, new { status = target.Status, blocked_until = target.BlockedUntil, reason = target.BlockReason },
            new { status = UserStatuses.Active }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new UnblockResponse(target.UserCode, target.UserCode, true, now));
    }

    /// <summary>Lifts every timed block whose time has passed; answers how many.</summary>
    public static Task<int> ExpireAsync(AppDb db, DateTime now, CancellationToken cancellationToken) =>
        db.GetTable<UserAccount>()
            .Where(u => u.Status == UserStatuses.Blocked && u.BlockedUntil != null && u.BlockedUntil <= now)
            .Set(u => u.Status, UserStatuses.Active).Set(u => u.BlockedUntil, (DateTime?)null).Set(u => u.BlockReason, (string?)null)
            .Set(u => u.BlockedBy, (string?)null).Set(u => u.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
}

/// <summary>Runs <see cref="UserBlocks.ExpireAsync"/> with the cleanup job.</summary>
internal sealed class ExpiredBlocksCleanup : ICleanupTask
{
    private readonly AppDbFactory _factory;

    public ExpiredBlocksCleanup(AppDbFactory factory) => _factory = factory;

    public string Name => "expired user blocks";

    public async Task<int> CleanAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = _factory.Create();
        return await UserBlocks.ExpireAsync(db, now, cancellationToken);
    }
}
