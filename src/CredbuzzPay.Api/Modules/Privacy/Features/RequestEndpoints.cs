using System.Security.Claims;
using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Notifications;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

public sealed record MakePrivacyRequest(string? Type, bool? FullNumbers = null);

public sealed record ConfirmErasureRequest(string? Otp);

public sealed record PrivacyRequestView(string RequestId, string UserCode, string Type, string Status, DateTime DueAt, bool Overdue, string? DownloadUrl, DateTime? DownloadUntil,
    long? ArchiveBytes, string? Failure, DateTime CreatedAt, DateTime? CompletedAt, string? WaitingReason = null, IReadOnlyList<ErasureOutcomeLine>? Outcome = null,
    DateTime? RetainedUntil = null, string? ConfirmUrl = null, string? Correction = null, bool FullNumbers = false);

public sealed record RequestQuery([FromQuery(Name = "status")] string? Status, [FromQuery(Name = "overdue")] bool? Overdue);

/// <summary>A data principal's requests (access so far): make one, follow it, download the archive for 24 hours; staff see them with their deadlines.</summary>
internal static class RequestEndpoints
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewRequestId() => "PRQ" + RandomNumberGenerator.GetString(Alphabet, 10);

    public static void MapRequestEndpoints(this IEndpointRouteBuilder api)
    {
        var own = api.MapGroup("/privacy/requests").RequireAuthorization().WithTags("Privacy");
        own.MapPost("/", MakeAsync).WithSummary(
            "{type: access}: a copy of everything held about you, built within minutes ({full_numbers: true}: KYC numbers in full, after a code sent to your mobile). {type: erasure}: a code goes to your mobile; confirm at privacy/requests/{request_id}/confirm.");
        own.MapPost("/{requestId}/confirm", ConfirmAsync).WithSummary(
            "{otp}: confirms an erasure (carried out at once, or waiting until your money is paid out; the answer says what was erased and retained) or an access request with full numbers.");
        own.MapGet("/", OwnAsync).WithSummary("Your requests, newest first.");
        own.MapGet("/{requestId}", DetailAsync).WithSummary("One of your requests: its status, and the download link for 24 hours once ready.");
        own.MapGet("/{requestId}/download", DownloadAsync).WithSummary("The archive (application/zip), yours only, for 24 hours after it was built.");
        api.MapGroup("/admin/privacy/requests").WithTags("Privacy").MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("Requests in reach with their deadlines, oldest deadline first; ?status=&overdue=true.");
    }

    private static async Task<Accepted<PrivacyRequestView>> MakeAsync(MakePrivacyRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
        IOptions<PrivacyOptions> options, Erasures erasures, IOneTimeCodes codes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var type = request.Type?.Trim().ToLowerInvariant();
        if (type is not (PrivacyRequestRow.Access or PrivacyRequestRow.Erasure))
        {
            throw ApiProblemException.Validation("type", "access (a copy of your data) or erasure. Correction is through your profile and KYC resubmission (docs/privacy.md).");
        }
        if (request.FullNumbers == true && type != PrivacyRequestRow.Access)
        {
            throw ApiProblemException.Validation("full_numbers", "Only an access request has numbers to show.");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var open = type == PrivacyRequestRow.Access ? [PrivacyRequestRow.Pending] : new[] { PrivacyRequestRow.Waiting };
        if (await db.GetTable<PrivacyRequestRow>().AnyAsync(r => r.UserId == caller.Id && r.Type == type && open.Contains(r.Status), cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Request pending",
                type == PrivacyRequestRow.Access ? "Your copy is being prepared already." : "Your erasure request is waiting already; its reason says what it waits for.", code: "request_pending");
        }
        if (type == PrivacyRequestRow.Erasure && (await erasures.BlocksAsync(db, caller.Id, cancellationToken)).FirstOrDefault(b => b.Refuses) is { } refusal)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Erasure refused", refusal.Reason, code: refusal.Code);
        }
        var now = Instants.StoredNow(clock);
        // An erasure, and a copy with the numbers in full, are confirmed with a fresh code first.
        var confirmed = type == PrivacyRequestRow.Erasure || request.FullNumbers == true;
        var row = new PrivacyRequestRow
        {
            Id = Guid.CreateVersion7(now), RequestId = NewRequestId(), UserId = caller.Id, UserCode = caller.UserCode,
            BranchCode = caller.BranchCode, Type = type, Status = confirmed ? PrivacyRequestRow.AwaitingOtp : PrivacyRequestRow.Pending, FullNumbers = request.FullNumbers == true,
            DueAt = now.AddDays(options.Value.RequestDays), CreatedAt = now, OtpRequestId = confirmed ? Guid.CreateVersion7(now) : null,
        };
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        // An earlier erasure request never confirmed is replaced by this one.
        await db.GetTable<PrivacyRequestRow>().Where(r => r.UserId == caller.Id && r.Type == type && r.Status == PrivacyRequestRow.AwaitingOtp)
            .Set(r => r.Status, PrivacyRequestRow.Expired).Set(r => r.OtpRequestId, (Guid?)null).UpdateAsync(cancellationToken);
        await db.InsertAsync(row, token: cancellationToken);
        if (row.OtpRequestId is { } otpRequest)
        {
            await codes.IssueAsync(db, otpRequest, OtpPurposeOf(row), Channels.Sms, caller.Mobile, caller.Id, cancellationToken);
        }
        await audit.RecordAsync(db, new AuditEvent("privacy.request_made", "privacy_request", row.RequestId, new { type = row.Type, full_numbers = row.FullNumbers, due_at = row.DueAt }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/privacy/requests/{row.RequestId}", View(row, now));
    }

    private static async Task<Ok<PrivacyRequestView>> ConfirmAsync(string requestId, ConfirmErasureRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        IOneTimeCodes codes, Erasures erasures, IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var own = await OwnRequestAsync(requestId, principal, db, users, cancellationToken);
        if (own.Status != PrivacyRequestRow.AwaitingOtp || own.OtpRequestId is not { } otpRequest)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not awaiting a code", $"This request is {own.Status}; it needs no code.", code: "not_awaiting_otp");
        }
        if (string.IsNullOrWhiteSpace(request.Otp))
        {
            throw ApiProblemException.Validation("otp", "The code sent to your registered mobile.");
        }
        (await codes.VerifyAsync(db, otpRequest, OtpPurposeOf(own), Channels.Sms, request.Otp.Trim(), cancellationToken)).EnsureVerified("No code is pending for this request.");
        var now = Instants.StoredNow(clock);
        if (own.Type == PrivacyRequestRow.Access)
        {
            // Confirmed: the job builds the copy with the numbers in full.
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == own.Id && r.Status == PrivacyRequestRow.AwaitingOtp)
                .Set(r => r.Status, PrivacyRequestRow.Pending).Set(r => r.OtpRequestId, (Guid?)null).UpdateAsync(cancellationToken);
            await audit.RecordAsync(db, new AuditEvent("privacy.request_confirmed", "privacy_request", own.RequestId, new { type = own.Type, full_numbers = own.FullNumbers }),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            own.Status = PrivacyRequestRow.Pending;
            return TypedResults.Ok(View(own, now));
        }
        if ((await erasures.BlocksAsync(db, own.UserId, cancellationToken)).FirstOrDefault(b => b.Refuses) is { } refusal)
        {
            await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == own.Id && r.Status == PrivacyRequestRow.AwaitingOtp)
                .Set(r => r.Status, PrivacyRequestRow.Expired).Set(r => r.OtpRequestId, (Guid?)null).UpdateAsync(cancellationToken);
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Erasure refused", refusal.Reason, code: refusal.Code);
        }
        return TypedResults.Ok(View(await erasures.TryAsync(db, own, now, cancellationToken), now));
    }

    private static string OtpPurposeOf(PrivacyRequestRow request) => request.Type == PrivacyRequestRow.Erasure ? OtpPurposes.PrivacyErasure : OtpPurposes.PrivacyAccess;

    private static async Task<Ok<Paged<PrivacyRequestView>>> OwnAsync([AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await PageAsync(db.GetTable<PrivacyRequestRow>().Where(r => r.UserId == caller.Id).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
            paging, http, Instants.StoredNow(clock), cancellationToken));
    }

    private static async Task<Ok<PrivacyRequestView>> DetailAsync(string requestId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await OwnRequestAsync(requestId, principal, db, users, cancellationToken), Instants.StoredNow(clock)));

    private static async Task<IResult> DownloadAsync(string requestId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, SecretBox box, IAuditTrail audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = await OwnRequestAsync(requestId, principal, db, users, cancellationToken);
        var now = Instants.StoredNow(clock);
        if (request.Status == PrivacyRequestRow.Expired || (request.Status == PrivacyRequestRow.Ready && request.DownloadUntil <= now))
        {
            throw new ApiProblemException(StatusCodes.Status410Gone, "Gone", "The archive was kept 24 hours and is erased; make a new request for a fresh copy.", code: "archive_expired");
        }
        var archive = await db.GetTable<PrivacyRequestRow>().Where(r => r.Id == request.Id).Select(r => r.Archive).FirstOrDefaultAsync(cancellationToken);
        if (request.Status != PrivacyRequestRow.Ready || archive is null)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Not ready", "The archive is not ready yet; its status says when it is.", code: "archive_not_ready");
        }
        await audit.RecordAsync(db, new AuditEvent("privacy.archive_downloaded", "privacy_request", request.RequestId, null), cancellationToken);
        return TypedResults.File(box.Decrypt(archive, AccessArchives.Context(request.Id)), "application/zip", $"credbuzzpay-data-{request.RequestId}.zip");
    }

    internal static async Task<Ok<Paged<PrivacyRequestView>>> ListAsync([AsParameters] RequestQuery filter, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var now = Instants.StoredNow(clock);
        var query = db.GetTable<PrivacyRequestRow>().AsQueryable();
        if (Hierarchy.ReadLimit(caller) is { } branch)
        {
            query = query.Where(r => r.BranchCode == branch);
        }
        if (filter.Status is { } status)
        {
            var wanted = status.Trim().ToUpperInvariant();
            query = wanted is PrivacyRequestRow.Pending or PrivacyRequestRow.Ready or PrivacyRequestRow.Expired or PrivacyRequestRow.Failed or PrivacyRequestRow.AwaitingOtp
                or PrivacyRequestRow.Waiting or PrivacyRequestRow.Completed ? query.Where(r => r.Status == wanted)
                : throw ApiProblemException.Validation("status", "One of PENDING, READY, EXPIRED, FAILED, AWAITING_OTP, WAITING, COMPLETED.");
        }
        if (filter.Overdue == true)
        {
            query = query.Where(r => (r.Status == PrivacyRequestRow.Pending || r.Status == PrivacyRequestRow.Waiting) && Instants.Before(r.DueAt, now));
        }
        return TypedResults.Ok(await PageAsync(query.OrderBy(r => r.DueAt).ThenBy(r => r.Id), paging, http, now, cancellationToken));
    }

    private static async Task<Paged<PrivacyRequestView>> PageAsync(IQueryable<PrivacyRequestRow> query, PageQuery paging, HttpRequest http, DateTime now,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var count = await query.LongCountAsync(cancellationToken);
        // The archive column stays in the database: a list never reads it.
        var rows = await query.Skip(page.Skip).Take(page.PageSize).Select(WithoutArchive).ToListAsync(cancellationToken);
        return page.ToPaged(http, count, rows.Select(r => View(r, now)).ToList());
    }

    private static async Task<PrivacyRequestRow> OwnRequestAsync(string requestId, ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = requestId.Trim().ToUpperInvariant();
        return await db.GetTable<PrivacyRequestRow>().Where(r => r.RequestId == id && r.UserId == caller.Id).Select(WithoutArchive).FirstOrDefaultAsync(cancellationToken) ?? throw ApiProblemException.NotFound("No such request of yours.");
    }

    /// <summary>A request without its archive column: lists and status reads never load the archive.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<PrivacyRequestRow, PrivacyRequestRow>> WithoutArchive = r => new PrivacyRequestRow
    {
        Id = r.Id, RequestId = r.RequestId, UserId = r.UserId, UserCode = r.UserCode, BranchCode = r.BranchCode, Type = r.Type, Status = r.Status, DueAt = r.DueAt,
        ArchiveBytes = r.ArchiveBytes, DownloadUntil = r.DownloadUntil, Failure = r.Failure, CreatedAt = r.CreatedAt, CompletedAt = r.CompletedAt,
        OtpRequestId = r.OtpRequestId, WaitingReason = r.WaitingReason, Outcome = r.Outcome, RetainUntil = r.RetainUntil, PurgedAt = r.PurgedAt, FullNumbers = r.FullNumbers,
    };

    private static PrivacyRequestView View(PrivacyRequestRow r, DateTime now)
    {
        var downloadable = r.Status == PrivacyRequestRow.Ready && r.DownloadUntil > now;
        return new PrivacyRequestView(r.RequestId, r.UserCode, r.Type, downloadable || r.Status != PrivacyRequestRow.Ready ? r.Status : PrivacyRequestRow.Expired, r.DueAt,
            (r.Status == PrivacyRequestRow.Pending || r.Status == PrivacyRequestRow.Waiting) && r.DueAt < now, downloadable ? $"/api/v1/privacy/requests/{r.RequestId}/download" : null,
            downloadable ? r.DownloadUntil : null, r.Status == PrivacyRequestRow.Ready ? r.ArchiveBytes : null, r.Failure, r.CreatedAt, r.CompletedAt, r.WaitingReason,
            Erasures.OutcomeOf(r), r.RetainUntil, r.Status == PrivacyRequestRow.AwaitingOtp ? $"/api/v1/privacy/requests/{r.RequestId}/confirm" : null,
            r.Type == PrivacyRequestRow.Correction ? r.Outcome : null, r.FullNumbers);
    }
}
