using System.Security.Claims;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Privacy.Features;

public sealed record PurposeView(string Purpose, bool Required, string Description);

public sealed record NoticeView(int Version, string Language, IReadOnlyList<string> Languages, string Text, IReadOnlyList<PurposeView> Purposes, GrievanceOfficer GrievanceOfficer,
    DateTime PublishedAt);

public sealed record ConsentState(string Purpose, bool Required, bool Granted, DateTime? Since);

public sealed record ConsentHistoryLine(string Purpose, bool Granted, int NoticeVersion, string Source, DateTime RecordedAt);

public sealed record ConsentsView(int CurrentNoticeVersion, int AcceptedNoticeVersion, bool NoticeAcceptanceRequired, IReadOnlyList<ConsentState> Purposes,
    IReadOnlyList<ConsentHistoryLine> History);

public sealed record ConsentRequest(string? Purpose, bool? Granted);

public sealed record AcceptNoticeRequest(int? Version, bool? Marketing);

public sealed record PublishNoticeRequest(Dictionary<string, string>? Texts);

public sealed record NoticeQuery([FromQuery(Name = "language")] string? Language, [FromQuery(Name = "version")] int? Version);

/// <summary>The versioned privacy notice (anyone may read it), a person's consents (grant, withdraw, accept a new notice) and publishing a new version (super_admin).</summary>
internal static class NoticeEndpoints
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        [Purposes.Account] = "Open and run your account and keep it secure.",
        [Purposes.KycVerification] = "Verify your identity as RBI's KYC Master Direction requires.",
        [Purposes.Payments] = "Move your money and keep the records the law requires.",
        [Purposes.Marketing] = "Tell you about offers. Optional, off until you turn it on.",
    };

    public static void MapNoticeEndpoints(this IEndpointRouteBuilder api)
    {
        var privacy = api.MapGroup("/privacy").WithTags("Privacy");
        privacy.MapGet("/notice", NoticeAsync).AllowAnonymous().WithSummary("The privacy notice in force (?language=en|hi&version=), its purposes and the grievance officer.");
        privacy.MapGet("/consents", ConsentsAsync).RequireAuthorization().WithSummary("Your consent per purpose and its history.");
        privacy.MapPost("/consents", ChangeAsync).RequireAuthorization()
            .WithSummary("{purpose, granted}: grant or withdraw a purpose at once (marketing; the required ones are withdrawn by closing the account).");
        privacy.MapPost("/consents/accept_notice", AcceptAsync).RequireAuthorization()
            .WithSummary("{version, marketing?}: accept the notice in force (asked at sign-in when a new version is published).");
        var staff = api.MapGroup("/admin/privacy/notices").WithTags("Privacy");
        staff.MapPost("/", PublishAsync).RequireStaff(Roles.SuperAdmin)
            .WithSummary("{texts: {en, hi}}: publishes the next version; every signed-in user is asked to accept it at their next sign-in.");
    }

    private static async Task<Ok<NoticeView>> NoticeAsync([AsParameters] NoticeQuery query, AppDb db, IOptions<PrivacyOptions> options, CancellationToken cancellationToken)
    {
        var language = query.Language?.Trim().ToLowerInvariant() ?? "en";
        if (!PrivacyNotice.Languages.Contains(language))
        {
            throw ApiProblemException.Validation("language", "One of " + string.Join(", ", PrivacyNotice.Languages) + ".");
        }
        var version = query.Version ?? await ConsentBook.CurrentVersionAsync(db, cancellationToken);
        var notice = await db.GetTable<NoticeRow>().FirstOrDefaultAsync(n => n.Version == version && n.Language == language, cancellationToken)
            ?? throw ApiProblemException.NotFound("No such notice version.");
        return TypedResults.Ok(new NoticeView(notice.Version, notice.Language, PrivacyNotice.Languages, notice.Body, PurposeViews(), options.Value.GrievanceOfficer, notice.PublishedAt));
    }

    private static async Task<Ok<ConsentsView>> ConsentsAsync(ClaimsPrincipal principal, AppDb db, IUserDirectory users, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, caller.Id, cancellationToken));
    }

    private static async Task<Ok<ConsentsView>> ChangeAsync(ConsentRequest request, HttpContext http, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
        Platform.Notifications.IOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var purpose = request.Purpose?.Trim().ToLowerInvariant();
        var errors = new Dictionary<string, string[]>();
        if (purpose is null || !Purposes.All.Contains(purpose))
        {
            errors["purpose"] = ["One of " + string.Join(", ", Purposes.All) + "."];
        }
        if (request.Granted is null)
        {
            errors["granted"] = ["true to grant, false to withdraw."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        if (Purposes.Required.Contains(purpose) && request.Granted == false)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Required purpose",
                $"Your account cannot be kept without {purpose}: withdrawing it means closing your account and asking for erasure of your data.", code: "required_purpose");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var version = await ConsentBook.CurrentVersionAsync(db, cancellationToken);
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await db.InsertAsync(ConsentBook.Row(caller.Id, purpose!, request.Granted!.Value, version, ConsentRow.ByUser, ClientAddresses.Of(http),
                http.Request.Headers.UserAgent.ToString(), Instants.StoredNow(clock)), token: cancellationToken);
            // Withdrawal takes effect at once: what is queued for that purpose is cancelled in the same transaction.
            var cancelled = request.Granted.Value || purpose != Purposes.Marketing ? 0 : await outbox.CancelAsync(db, caller.Id, Platform.Notifications.MessagePurposes.Marketing, cancellationToken);
            await audit.RecordAsync(db, new AuditEvent(request.Granted.Value ? "privacy.consent_granted" : "privacy.consent_withdrawn", "user", caller.UserCode,
                new { purpose, notice_version = version, messages_cancelled = cancelled }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(await ViewAsync(db, caller.Id, CancellationToken.None));
    }

    private static async Task<Ok<ConsentsView>> AcceptAsync(AcceptNoticeRequest request, HttpContext http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        IAuditTrail audit, ConsentBook consents, TimeProvider clock, CancellationToken cancellationToken)
    {
        var version = await ConsentBook.CurrentVersionAsync(db, cancellationToken);
        if (request.Version != version)
        {
            throw ApiProblemException.Validation("version", $"Accept the notice in force: version {version} (privacy/notice).");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await consents.RecordAcceptanceAsync(db, caller.Id, version, request.Marketing, ClientAddresses.Of(http), http.Request.Headers.UserAgent.ToString(),
                Instants.StoredNow(clock), cancellationToken);
            await audit.RecordAsync(db, new AuditEvent("privacy.notice_accepted", "user", caller.UserCode, new { notice_version = version, marketing = request.Marketing }),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(await ViewAsync(db, caller.Id, CancellationToken.None));
    }

    private static async Task<Created<NoticeView>> PublishAsync(PublishNoticeRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
        TimeProvider clock, IOptions<PrivacyOptions> options, CancellationToken cancellationToken)
    {
        var texts = request.Texts ?? [];
        var errors = PrivacyNotice.Languages.Where(l => texts.GetValueOrDefault(l)?.Trim() is not { Length: >= 100 and <= 20_000 })
            .ToDictionary(l => "texts." + l, l => new[] { $"The notice's text in {l}, 100 to 20000 characters: every language is published together." });
        foreach (var extra in texts.Keys.Where(k => !PrivacyNotice.Languages.Contains(k)))
        {
            errors["texts." + extra] = ["Not a notice language (" + string.Join(", ", PrivacyNotice.Languages) + ")."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var now = Instants.StoredNow(clock);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var version = await ConsentBook.CurrentVersionAsync(db, cancellationToken) + 1;
        foreach (var language in PrivacyNotice.Languages)
        {
            await db.InsertAsync(new NoticeRow
            {
                Id = Guid.CreateVersion7(now), Version = version, Language = language, Body = texts[language].Trim(), PublishedBy = caller.UserCode, PublishedAt = now,
            }, token: cancellationToken);
        }
        await audit.RecordAsync(db, new AuditEvent("privacy.notice_published", "privacy_notice", version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { languages = PrivacyNotice.Languages }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/privacy/notice?version={version}",
            new NoticeView(version, "en", PrivacyNotice.Languages, texts["en"].Trim(), PurposeViews(), options.Value.GrievanceOfficer, now));
    }

    private static async Task<ConsentsView> ViewAsync(AppDb db, Guid userId, CancellationToken cancellationToken)
    {
        var current = await ConsentBook.CurrentVersionAsync(db, cancellationToken);
        var accepted = await ConsentBook.AcceptedVersionAsync(db, userId, cancellationToken);
        var state = await ConsentBook.CurrentAsync(db, userId, cancellationToken);
        var history = await db.GetTable<ConsentRow>().Where(c => c.UserId == userId).OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).Take(200)
            .ToListAsync(cancellationToken);
        return new ConsentsView(current, accepted, accepted < current,
            Purposes.All.Select(p => new ConsentState(p, Purposes.Required.Contains(p), state[p]?.Granted ?? false, state[p]?.RecordedAt)).ToList(),
            history.Select(h => new ConsentHistoryLine(h.Purpose, h.Granted, h.NoticeVersion, h.Source, h.RecordedAt)).ToList());
    }

    private static List<PurposeView> PurposeViews() => Purposes.All.Select(p => new PurposeView(p, Purposes.Required.Contains(p), Descriptions[p])).ToList();
}
