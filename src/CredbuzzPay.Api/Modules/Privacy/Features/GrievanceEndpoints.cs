using System.Security.Claims;
using System.Security.Cryptography;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Privacy.Data;
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

public sealed record GrievanceRequest(string? Subject, string? Details);

public sealed record RespondRequest(string? Response);

public sealed record GrievanceView(string Reference, string UserCode, string Subject, string Details, string Status, DateTime DueAt, bool Overdue, string? Response,
    string? RespondedBy, DateTime? RespondedAt, DateTime CreatedAt);

public sealed record GrievanceQuery([FromQuery(Name = "status")] string? Status, [FromQuery(Name = "overdue")] bool? Overdue);

/// <summary>Grievances (DPDP Act s. 13): a person files one and gets a reference and the date it must be answered by; staff of their branch answer it.</summary>
internal static class GrievanceEndpoints
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static void MapGrievanceEndpoints(this IEndpointRouteBuilder api)
    {
        var own = api.MapGroup("/privacy/grievances").RequireAuthorization().WithTags("Privacy");
        own.MapPost("/", FileAsync).WithSummary("{subject, details}: answers the reference and the date (30 days on) it must be answered by.");
        own.MapGet("/", OwnAsync).WithSummary("Your grievances, newest first.");
        var staff = api.MapGroup("/admin/privacy/grievances").WithTags("Privacy");
        staff.MapGet("/", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Grievances in reach, oldest deadline first; ?status=OPEN|RESPONDED&overdue=true.");
        staff.MapPost("/{reference}/respond", RespondAsync).RequireStaff(Roles.Admin).WithSummary("{response}: answers a grievance; the person is told by email.");
    }

    private static async Task<Created<GrievanceView>> FileAsync(GrievanceRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users, IAuditTrail audit,
        IOptions<PrivacyOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subject = request.Subject?.Trim();
        var details = request.Details?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (subject is not { Length: >= 3 and <= 150 })
        {
            errors["subject"] = ["3 to 150 characters."];
        }
        if (details is not { Length: >= 10 and <= 4000 })
        {
            errors["details"] = ["What happened and what you ask for, 10 to 4000 characters."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var now = Instants.StoredNow(clock);
        var grievance = new GrievanceRow
        {
            Id = Guid.CreateVersion7(now), Reference = "GRV" + RandomNumberGenerator.GetString(Alphabet, 10), UserId = caller.Id, UserCode = caller.UserCode,
            BranchCode = caller.BranchCode, Subject = subject!, Details = details!, Status = GrievanceRow.Open, DueAt = now.AddDays(options.Value.GrievanceDays), CreatedAt = now,
        };
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(grievance, token: cancellationToken);
        await audit.RecordAsync(db, new AuditEvent("privacy.grievance_filed", "privacy_grievance", grievance.Reference, new { due_at = grievance.DueAt }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/privacy/grievances/{grievance.Reference}", View(grievance, now));
    }

    private static async Task<Ok<Paged<GrievanceView>>> OwnAsync([AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var page = PageRequest.From(paging);
        var query = db.GetTable<GrievanceRow>().Where(g => g.UserId == caller.Id);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var now = Instants.StoredNow(clock);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(g => View(g, now)).ToList()));
    }

    internal static async Task<Ok<Paged<GrievanceView>>> ListAsync([AsParameters] GrievanceQuery filter, [AsParameters] PageQuery paging, HttpRequest http,
        ClaimsPrincipal principal, AppDb db, IUserDirectory users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var page = PageRequest.From(paging);
        var now = Instants.StoredNow(clock);
        var query = db.GetTable<GrievanceRow>().AsQueryable();
        if (Hierarchy.ReadLimit(caller) is { } branch)
        {
            query = query.Where(g => g.BranchCode == branch);
        }
        if (filter.Status is { } status)
        {
            var wanted = status.Trim().ToUpperInvariant();
            query = wanted is GrievanceRow.Open or GrievanceRow.Responded ? query.Where(g => g.Status == wanted)
                : throw ApiProblemException.Validation("status", "One of OPEN, RESPONDED.");
        }
        if (filter.Overdue == true)
        {
            query = query.Where(g => g.Status == GrievanceRow.Open && Instants.Before(g.DueAt, now));
        }
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderBy(g => g.DueAt).ThenBy(g => g.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows.Select(g => View(g, now)).ToList()));
    }

    internal static async Task<Ok<GrievanceView>> RespondAsync(string reference, RespondRequest request, ClaimsPrincipal principal, AppDb db, IUserDirectory users,
        IAuditTrail audit, IOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var response = request.Response?.Trim();
        if (response is not { Length: >= 10 and <= 4000 })
        {
            throw ApiProblemException.Validation("response", "The answer to the person, 10 to 4000 characters.");
        }
        var caller = await users.CallerAsync(db, principal, cancellationToken);
        var id = reference.Trim().ToUpperInvariant();
        var grievance = await db.GetTable<GrievanceRow>().FirstOrDefaultAsync(g => g.Reference == id, cancellationToken);
        if (grievance is null || !Hierarchy.Reaches(caller, grievance.BranchCode))
        {
            throw ApiProblemException.NotFound("No such grievance in your reach.");
        }
        var person = await users.FindAsync(db, grievance.UserId, cancellationToken);
        var now = Instants.StoredNow(clock);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (await db.GetTable<GrievanceRow>().Where(g => g.Id == grievance.Id && g.Status == GrievanceRow.Open).Set(g => g.Status, GrievanceRow.Responded)
                .Set(g => g.Response, response).Set(g => g.RespondedBy, caller.UserCode).Set(g => g.RespondedAt, now).UpdateAsync(cancellationToken) != 1)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Answered already", "This grievance was answered already.", code: "grievance_responded");
        }
        await audit.RecordAsync(db, new AuditEvent("privacy.grievance_responded", "privacy_grievance", grievance.Reference, new { late = now > grievance.DueAt }), cancellationToken);
        if (person is not null)
        {
            await outbox.EnqueueAsync(db, OutgoingMessage.Email(person.Email, $"Your grievance {grievance.Reference}",
                $"Hello {person.FirstName}, we have answered your grievance {grievance.Reference} (\"{grievance.Subject}\"):\n\n{response}"), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(await db.GetTable<GrievanceRow>().FirstAsync(g => g.Id == grievance.Id, CancellationToken.None), now));
    }

    private static GrievanceView View(GrievanceRow g, DateTime now) => new(g.Reference, g.UserCode, g.Subject, g.Details, g.Status, g.DueAt,
        g.Status == GrievanceRow.Open && g.DueAt < now, g.Response, g.RespondedBy, g.RespondedAt, g.CreatedAt);
}
