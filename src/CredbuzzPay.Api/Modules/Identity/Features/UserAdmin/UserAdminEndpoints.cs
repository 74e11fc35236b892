using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Modules.Access.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Notifications;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

// ToLower/ToUpper below run in SQL (linq2db translates them); the analyser's in-memory advice does not apply.
#pragma warning disable CA1862

namespace CredbuzzPay.Api.Modules.Identity.Features.UserAdmin;

public sealed record CreateUserRequest(string? Email, string? Mobile, string? FirstName, string? LastName, string? Role, string? Tier, string? BranchCode, string? ParentUserCode);

public sealed record CreateUserResponse(string UserCode, string Role, string Tier, string? BranchCode, Guid ActivationRequestId, string Message);

public sealed record UpdateUserRequest(string? FirstName, string? LastName, string? Tier, string? BranchCode, string? ParentUserCode, string? Role, string? Status);

/// <summary>One user in a list (seed 003 #21, #46): <c>id</c> is the public user code, as <c>user_code</c> is.</summary>
public sealed record UserListItem(string Id, string UserCode, string Email, string Mobile, string FirstName, string LastName, string Role, string Tier, string? BranchCode,
    string Status, string KycStatus, DateTime CreatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? WalletBalance = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Guid? WalletId = null);

/// <summary>
/// One user's details (seed 003 #22). <c>roles</c> lists the one role a user holds; <c>login_attempts</c>
/// is the run of wrong passwords now counting towards a lockout; <c>failed_logins</c> the refused
/// sign-ins of the last 30 days.
/// </summary>
public sealed record UserDetail(string Id, string UserCode, string Email, string Mobile, string FirstName, string LastName, string Role, IReadOnlyList<string> Roles,
    string Tier, string? BranchCode, string? ParentUserCode, string KycStatus, string AccountStatus, DateTime? BlockedUntil, string? BlockReason, int LoginAttempts,
    long FailedLogins, DateTime? LockedUntil, DateTime? LastLogin, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt, int RiskScore, string RiskProfile,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? WalletBalance = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Guid? WalletId = null);

/// <summary>The filters of the user lists and export (each optional), bound from the query so the API document lists them.</summary>
public sealed record UserListQuery(
    [FromQuery(Name = "search")] string? Search,
    [FromQuery(Name = "role")] string? Role,
    [FromQuery(Name = "tier")] string? Tier,
    [FromQuery(Name = "branch")] string? Branch,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "kyc_status")] string? KycStatus = null,
    [FromQuery(Name = "sort")] string? Sort = null)
{
    /// <summary>The orders a list may be sorted in (<c>sort</c>); newest first when none is given.</summary>
    public static readonly string[] Sorts = ["-created_at", "created_at", "name", "user_code", "-last_login"];
}

public sealed record UserStatistics(long TotalUsers, long ActiveUsers, long BlockedUsers, long InactiveUsers, long KycVerified, long KycPending,
    IReadOnlyDictionary<string, long> RolesDistribution, IReadOnlyDictionary<string, long> TiersDistribution);

internal sealed class CreateUserRequestValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserRequestValidator()
    {
        RuleFor(r => r.Email).Must(ContactFormats.IsEmail).WithMessage("Enter a valid email address.");
        RuleFor(r => r.Mobile).Must(m => ContactFormats.TryNormalizeMobile(m, out _)).WithMessage("Enter a 10-digit Indian mobile number (starting 6-9).");
        RuleFor(r => r.FirstName).NotEmpty().MaximumLength(100).WithMessage("First name is required (at most 100 characters).");
        RuleFor(r => r.LastName).NotEmpty().MaximumLength(100).WithMessage("Last name is required (at most 100 characters).");
        RuleFor(r => r.Role).Must(r => r is null or Roles.SuperAdmin or Roles.Admin or Roles.Auditor or Roles.User).WithMessage("Role must be super_admin, admin, auditor or user.");
        RuleFor(r => r.Tier).Must(t => t is null or Tiers.Customer or Tiers.Retailer or Tiers.Distributor).WithMessage("Tier must be customer, retailer or distributor.");
        RuleFor(r => r.BranchCode).NotEmpty().WithMessage("Every user belongs to a branch.");
    }
}

internal sealed class UpdateUserRequestValidator : AbstractValidator<UpdateUserRequest>
{
    public UpdateUserRequestValidator()
    {
        RuleFor(r => r.FirstName).NotEmpty().MaximumLength(100).When(r => r.FirstName is not null).WithMessage("First name cannot be empty (at most 100 characters).");
        RuleFor(r => r.LastName).NotEmpty().MaximumLength(100).When(r => r.LastName is not null).WithMessage("Last name cannot be empty (at most 100 characters).");
        RuleFor(r => r.Tier).Must(t => t is null or Tiers.Customer or Tiers.Retailer or Tiers.Distributor).WithMessage("Tier must be customer, retailer or distributor.");
        RuleFor(r => r.Role).Null().WithMessage("Roles change through admin/roles/change_role.");
        RuleFor(r => r.Status).Null().WithMessage("Status changes through admin/block.");
    }
}

/// <summary>
/// User administration (seed 003 #21, #22, #28, #46, #48; seed 000): privileged creation with an
/// activation code, lists with filters, search, details, update, soft delete and restore, statistics
/// and a streamed CSV export. Staff below super_admin see only their branch.
/// </summary>
internal static class UserAdminEndpoints
{
    public static void MapUserAdminEndpoints(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/admin/users").WithTags("User administration");
        users.MapPost("/create_user", CreateAsync).RequireStaff(Roles.Admin).Validate<CreateUserRequest>()
            .WithSummary("Create a user of a role you manage; they get an activation code (auth/reset_password sets their password).");
        users.MapGet("/list_users", ListAsync).RequireStaff(Roles.Admin, auditorMayRead: true)
            .WithSummary("Users in reach, newest first, filtered and paginated.");
        users.MapGet("/search", SearchAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("?q=&filter_by=email|mobile|name|user_code (first 50).");
        users.MapGet("/get_user/{userCode}", GetAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("One user's details.");
        users.MapPut("/{userCode}", UpdateAsync).RequireStaff(Roles.Admin).Validate<UpdateUserRequest>().WithSummary("Names, tier, branch, parent distributor.");
        users.MapDelete("/{userCode}", DeleteAsync).RequireStaff(Roles.Admin).WithSummary("Soft delete: gone from lists and sign-in, history kept; sessions end.");
        users.MapPost("/{userCode}/restore", RestoreAsync).RequireStaff(Roles.SuperAdmin).WithSummary("Bring back a soft-deleted user.");
        users.MapGet("/get_statistics", StatisticsAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Counts by status, KYC, role and tier.");
        users.MapGet("/export", ExportAsync).RequireStaff(Roles.Admin, auditorMayRead: true).WithSummary("Streamed CSV of the users in reach, with the list's filters.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    private static IQueryable<UserAccount> Visible(StaffActions staff, UserSummary actor)
    {
        var users = staff.Db.GetTable<UserAccount>().Where(u => u.DeletedAt == null);
        if (!Hierarchy.ReadsEveryBranch(actor))
        {
            var branch = actor.BranchCode;
            users = users.Where(u => u.BranchCode == branch);
        }
        return users;
    }

    private static async Task<Created<CreateUserResponse>> CreateAsync(CreateUserRequest request, ClaimsPrincipal principal, StaffActions staff, IBranchDirectory branches,
        PasswordHasher hasher, OtpService otp, IOutbox outbox, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var role = request.Role ?? Roles.User;
        if (!Hierarchy.Manages(actor.Role).Contains(role))
        {
            throw ApiProblemException.Forbidden($"You cannot create a user with the role {role}.");
        }
        var branch = await branches.ActiveBranchAsync(staff.Db, request.BranchCode!, cancellationToken)
            ?? throw ApiProblemException.Validation("branch_code", "No such active branch.");
        if (!Hierarchy.SeesAllBranches(actor.Role) && !string.Equals(branch, actor.BranchCode, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblemException.Forbidden("You create users only in your own branch.");
        }
        var tier = request.Tier ?? Tiers.Customer;
        var parent = await ParentAsync(staff, actor, request.ParentUserCode, tier, cancellationToken);
        var (user, activation) = await NewUserAsync(staff, actor, request, role, tier, branch, parent, hasher, otp, outbox, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/users/get_user/{user.UserCode}",
            new CreateUserResponse(user.UserCode, role, tier, branch, activation, "User created; an activation code went to their mobile (set the password with auth/reset_password)."));
    }

    /// <summary>Creates the user row (contacts checked, fresh code) with an unusable password and sends the activation code, all in one transaction with the audit row.</summary>
    internal static async Task<(UserAccount User, Guid Activation)> NewUserAsync(StaffActions staff, UserSummary actor, CreateUserRequest request, string role, string tier,
        string branch, UserAccount? parent, PasswordHasher hasher, OtpService otp, IOutbox outbox, CancellationToken cancellationToken)
    {
        var email = ContactFormats.NormalizeEmail(request.Email!);
        ContactFormats.TryNormalizeMobile(request.Mobile, out var mobile);
        var now = staff.Now;
        var activation = Guid.CreateVersion7();
        var unusable = await hasher.HashAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
        var user = await UserCreation.CreateAsync(staff.Db, code => new UserAccount
        {
            Id = Guid.CreateVersion7(),
            UserCode = code,
            Email = email,
            EmailNormalized = email,
            Mobile = mobile,
            FirstName = request.FirstName!.Trim(),
            LastName = request.LastName!.Trim(),
            PasswordHash = unusable,
            Role = role,
            Tier = tier,
            BranchCode = branch,
            ParentUserId = parent?.Id,
            Status = UserStatuses.Active,
            PasswordChangedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        }, async created =>
        {
            await otp.IssueAsync(staff.Db, activation, OtpPurposes.PasswordReset, Channels.Sms, created.Mobile, created.Id, cancellationToken);
            await outbox.EnqueueAsync(staff.Db, OutgoingMessage.Email(created.Email, "Your CredbuzzPay account",
                $"Hello {created.FirstName}, an account ({created.UserCode}) was opened for you. Set your password with the code sent to your mobile, or ask for a new one with 'forgot password'."),
                cancellationToken);
            await staff.RecordAsync(actor, "user.created", created, null, new { role, tier, branch, parent = parent?.UserCode }, cancellationToken);
            await staff.Standing.ChangedAsync(staff.Db, StaffActions.Summary(created), cancellationToken);
            return true;
        }, cancellationToken);
        return (user!, activation);
    }

    /// <summary>A retailer's parent must be a live distributor the actor can see; only retailers have one.</summary>
    private static async Task<UserAccount?> ParentAsync(StaffActions staff, UserSummary actor, string? parentCode, string tier, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(parentCode))
        {
            return null;
        }
        if (tier != Tiers.Retailer)
        {
            throw ApiProblemException.Validation("parent_user_code", "Only a retailer has a parent distributor.");
        }
        var parent = await staff.TargetAsync(actor, parentCode, manage: false, cancellationToken);
        return parent.Tier == Tiers.Distributor ? parent : throw ApiProblemException.Validation("parent_user_code", "The parent must be a distributor.");
    }

    private static async Task<Ok<Paged<UserListItem>>> ListAsync([AsParameters] UserListQuery filters, [AsParameters] PageQuery paging, HttpRequest http, ClaimsPrincipal principal,
        StaffActions staff, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(paging);
        var (count, rows) = await PageAsync(filters, page, principal, staff, cancellationToken);
        return TypedResults.Ok(page.ToPaged(http, count, rows));
    }

    /// <summary>One page of the users in the caller's reach, filtered and sorted (the API's list and the console's).</summary>
    internal static async Task<(long Count, IReadOnlyList<UserListItem> Rows)> PageAsync(UserListQuery filters, PageRequest page, ClaimsPrincipal principal, StaffActions staff,
        CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var query = Filtered(Visible(staff, actor), filters);
        var count = await query.LongCountAsync(cancellationToken);
        var rows = await Sorted(query, filters.Sort).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return (count, await WithWalletsAsync(staff, rows, cancellationToken));
    }

    private static IQueryable<UserAccount> Sorted(IQueryable<UserAccount> query, string? sort) => (string.IsNullOrWhiteSpace(sort) ? "-created_at" : sort.Trim()) switch
    {
        "-created_at" => query.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id),
        "created_at" => query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id),
        "name" => query.OrderBy(u => u.FirstName).ThenBy(u => u.LastName).ThenBy(u => u.Id),
        "user_code" => query.OrderBy(u => u.UserCode),
        "-last_login" => query.OrderByDescending(u => u.LastLoginAt).ThenBy(u => u.Id),
        _ => throw ApiProblemException.Validation("sort", "Sort by " + string.Join(", ", UserListQuery.Sorts) + "."),
    };

    internal static readonly string[] KycOverall = [Kyc.Contracts.OverallKycStatuses.NotStarted, Kyc.Contracts.OverallKycStatuses.Pending,
        Kyc.Contracts.OverallKycStatuses.PartiallyVerified, Kyc.Contracts.OverallKycStatuses.ActionRequired, Kyc.Contracts.OverallKycStatuses.Verified];

    private static IQueryable<UserAccount> Filtered(IQueryable<UserAccount> query, UserListQuery filters)
    {
        static string? Q(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (Q(filters.Search) is { } search)
        {
            var s = search.ToLowerInvariant();
            var code = search.ToUpperInvariant();
            query = query.Where(u => u.EmailNormalized.Contains(s) || u.Mobile.Contains(search) || u.UserCode == code || u.FirstName.ToLower().Contains(s) || u.LastName.ToLower().Contains(s));
        }
        if (Q(filters.Role) is { } role)
        {
            query = query.Where(u => u.Role == role);
        }
        if (Q(filters.Tier) is { } tier)
        {
            query = query.Where(u => u.Tier == tier);
        }
        if (Q(filters.Branch) is { } branch)
        {
            var upper = branch.ToUpperInvariant();
            query = query.Where(u => u.BranchCode == upper || u.BranchCode == branch);
        }
        if (Q(filters.Status) is { } status)
        {
            if (status is not (UserStatuses.Active or UserStatuses.Blocked or UserStatuses.Suspended))
            {
                throw ApiProblemException.Validation("status", "Status must be active, blocked or suspended.");
            }
            query = query.Where(u => u.Status == status);
        }
        if (Q(filters.KycStatus) is { } kyc)
        {
            if (!KycOverall.Contains(kyc))
            {
                throw ApiProblemException.Validation("kyc_status", "KYC status must be " + string.Join(", ", KycOverall) + ".");
            }
            query = query.Where(u => u.KycStatus == kyc);
        }
        return query;
    }

    /// <summary>The list's rows with each one's wallet balance (seed 002 "Balance Visibility"), the wallets read for the whole page at once.</summary>
    internal static async Task<IReadOnlyList<UserListItem>> WithWalletsAsync(StaffActions staff, IReadOnlyList<UserAccount> users, CancellationToken cancellationToken)
    {
        var wallets = await staff.Standing.WalletsAsync(staff.Db, users.Select(u => u.Id).ToArray(), cancellationToken);
        return users.Select(u => wallets.TryGetValue(u.Id, out var wallet)
            ? Item(u) with { WalletBalance = Ledger.Contracts.Money.Format(wallet.BalancePaise), WalletId = wallet.WalletId }
            : Item(u)).ToList();
    }

    internal static UserListItem Item(UserAccount u) =>
        new(u.UserCode, u.UserCode, u.Email, u.Mobile, u.FirstName, u.LastName, u.Role, u.Tier, u.BranchCode, u.Status, u.KycStatus, u.CreatedAt);

    private static async Task<Ok<object>> SearchAsync([FromQuery(Name = "q")] string? q, [FromQuery(Name = "filter_by")] string? filterBy, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
        {
            throw ApiProblemException.Validation("q", "Search for at least 2 characters.");
        }
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var text = q.Trim();
        var lower = text.ToLowerInvariant();
        var query = Visible(staff, actor);
        query = (filterBy ?? "all") switch
        {
            "email" => query.Where(u => u.EmailNormalized.Contains(lower)),
            "mobile" => query.Where(u => u.Mobile.Contains(text)),
            "name" => query.Where(u => u.FirstName.ToLower().Contains(lower) || u.LastName.ToLower().Contains(lower)),
            "user_code" => query.Where(u => u.UserCode == text.ToUpperInvariant()),
            "all" => query.Where(u => u.EmailNormalized.Contains(lower) || u.Mobile.Contains(text) || u.UserCode == text.ToUpperInvariant()
                || u.FirstName.ToLower().Contains(lower) || u.LastName.ToLower().Contains(lower)),
            _ => throw ApiProblemException.Validation("filter_by", "filter_by must be email, mobile, name or user_code."),
        };
        var results = await query.OrderBy(u => u.UserCode).Take(50).Select(u => Item(u)).ToListAsync(cancellationToken);
        return TypedResults.Ok<object>(new { results });
    }

    private static async Task<Ok<UserDetail>> GetAsync(string userCode, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: false, cancellationToken);
        return TypedResults.Ok(await DetailAsync(staff, target, cancellationToken));
    }

    internal static async Task<UserDetail> DetailAsync(StaffActions staff, UserAccount u, CancellationToken cancellationToken)
    {
        var parent = u.ParentUserId is null ? null : await staff.Db.GetTable<UserAccount>().Where(p => p.Id == u.ParentUserId).Select(p => p.UserCode).FirstOrDefaultAsync(cancellationToken);
        var since = staff.Now.AddDays(-30);
        var wallet = (await staff.Standing.WalletsAsync(staff.Db, [u.Id], cancellationToken)).GetValueOrDefault(u.Id);
        var failed = await staff.Db.GetTable<LoginActivity>().LongCountAsync(a => a.UserId == u.Id && Platform.Database.Instants.AtOrAfter(a.OccurredAt, since)
            && a.Outcome != LoginOutcomes.Success && a.Outcome != LoginOutcomes.PasswordAccepted, cancellationToken);
        return new UserDetail(u.UserCode, u.UserCode, u.Email, u.Mobile, u.FirstName, u.LastName, u.Role, [u.Role], u.Tier, u.BranchCode, parent, u.KycStatus, u.Status,
            u.BlockedUntil, u.BlockReason, u.FailedLoginCount, failed, u.LockedUntil, u.LastLoginAt, u.CreatedAt, u.UpdatedAt, u.DeletedAt,
            await staff.Standing.ScoreAsync(staff.Db, u.Id, cancellationToken), await staff.Standing.ProfileAsync(staff.Db, u.Id, cancellationToken))
        {
            WalletBalance = wallet is null ? null : Ledger.Contracts.Money.Format(wallet.BalancePaise),
            WalletId = wallet?.WalletId,
        };
    }

    private static async Task<Ok<UserDetail>> UpdateAsync(string userCode, UpdateUserRequest request, ClaimsPrincipal principal, StaffActions staff, IBranchDirectory branches,
        CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: true, cancellationToken);
        var before = new { target.FirstName, target.LastName, target.Tier, target.BranchCode, target.ParentUserId };
        var branch = target.BranchCode;
        if (request.BranchCode is not null)
        {
            branch = await branches.ActiveBranchAsync(staff.Db, request.BranchCode, cancellationToken) ?? throw ApiProblemException.Validation("branch_code", "No such active branch.");
            if (!Hierarchy.SeesAllBranches(actor.Role) && !string.Equals(branch, actor.BranchCode, StringComparison.OrdinalIgnoreCase))
            {
                throw ApiProblemException.Forbidden("You cannot move a user out of your branch.");
            }
        }
        var tier = request.Tier ?? target.Tier;
        var parentId = tier == Tiers.Retailer ? target.ParentUserId : null;
        if (request.ParentUserCode is not null)
        {
            parentId = (await ParentAsync(staff, actor, request.ParentUserCode, tier, cancellationToken))?.Id;
        }
        var now = staff.Now;
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        await staff.Db.GetTable<UserAccount>().Where(u => u.Id == target.Id)
            .Set(u => u.FirstName, request.FirstName?.Trim() ?? target.FirstName)
            .Set(u => u.LastName, request.LastName?.Trim() ?? target.LastName)
            .Set(u => u.Tier, tier)
            .Set(u => u.BranchCode, branch)
            .Set(u => u.ParentUserId, parentId)
            .Set(u => u.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        var after = new { FirstName = request.FirstName?.Trim() ?? target.FirstName, LastName = request.LastName?.Trim() ?? target.LastName, Tier = tier, BranchCode = branch, ParentUserId = parentId };
        await staff.RecordAsync(actor, "user.updated", target, before, after, cancellationToken);
        await staff.Standing.ChangedAsync(staff.Db, StaffActions.Summary(target) with { Tier = tier, BranchCode = branch, ParentId = parentId }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var updated = await staff.Db.GetTable<UserAccount>().FirstAsync(u => u.Id == target.Id, cancellationToken);
        return TypedResults.Ok(await DetailAsync(staff, updated, cancellationToken));
    }

    internal static async Task<NoContent> DeleteAsync(string userCode, ClaimsPrincipal principal, StaffActions staff, SessionStore sessions, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: true, cancellationToken);
        var now = staff.Now;
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        await LastMaster.EnsureNotLastAsync(staff.Db, target, cancellationToken);
        await staff.Db.GetTable<UserAccount>().Where(u => u.Id == target.Id && u.DeletedAt == null)
            .Set(u => u.DeletedAt, now).Set(u => u.DeletedBy, actor.UserCode).Set(u => u.UpdatedAt, now).UpdateAsync(cancellationToken);
        var ended = await sessions.RevokeAllAsync(staff.Db, target.Id, actor.UserCode, "deleted", null, cancellationToken);
        await staff.RecordAsync(actor, "user.deleted", target, new { deleted_at = (DateTime?)null }, new { deleted_at = now }, cancellationToken, new { sessions_ended = ended });
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<UserDetail>> RestoreAsync(string userCode, ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var target = await staff.TargetAsync(actor, userCode, manage: true, cancellationToken, deleted: true);
        var taken = await staff.Db.GetTable<UserAccount>().AnyAsync(u => u.DeletedAt == null && u.Id != target.Id
            && (u.EmailNormalized == target.EmailNormalized || u.Mobile == target.Mobile), cancellationToken);
        if (taken)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "The email or mobile is now used by another account.");
        }
        var now = staff.Now;
        await using var transaction = await staff.Db.BeginTransactionAsync(cancellationToken);
        await staff.Db.GetTable<UserAccount>().Where(u => u.Id == target.Id)
            .Set(u => u.DeletedAt, (DateTime?)null).Set(u => u.DeletedBy, (string?)null).Set(u => u.UpdatedAt, now).UpdateAsync(cancellationToken);
        await staff.RecordAsync(actor, "user.restored", target, new { deleted_at = target.DeletedAt, deleted_by = target.DeletedBy }, new { deleted_at = (DateTime?)null }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        target.DeletedAt = null;
        return TypedResults.Ok(await DetailAsync(staff, target, cancellationToken));
    }

    private static async Task<Ok<UserStatistics>> StatisticsAsync(ClaimsPrincipal principal, StaffActions staff, CancellationToken cancellationToken)
    {
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var users = Visible(staff, actor);
        var byStatus = await users.GroupBy(u => u.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byKyc = await users.GroupBy(u => u.KycStatus).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byRole = await users.GroupBy(u => u.Role).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byTier = await users.GroupBy(u => u.Tier).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return TypedResults.Ok(new UserStatistics(byStatus.Values.Sum(), byStatus.GetValueOrDefault(UserStatuses.Active), byStatus.GetValueOrDefault(UserStatuses.Blocked),
            byStatus.GetValueOrDefault(UserStatuses.Suspended), byKyc.GetValueOrDefault("verified"),
            byKyc.Where(k => k.Key is "pending" or "partially_verified" or "action_required").Sum(k => k.Value), byRole, byTier));
    }

    /// <summary>Streams the CSV a batch of rows at a time (keyset on user_code), so memory stays flat whatever the number of users.</summary>
    private static async Task ExportAsync([FromQuery(Name = "format")] string? format, [AsParameters] UserListQuery filters, HttpContext http, ClaimsPrincipal principal,
        StaffActions staff, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(format) && format != "csv")
        {
            throw ApiProblemException.Validation("format", "Only format=csv is offered.");
        }
        var actor = await staff.ActorAsync(principal, cancellationToken);
        var query = Filtered(Visible(staff, actor), filters);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"users-{staff.Now:yyyyMMdd-HHmmss}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
        // CsvHelper quotes as RFC 4180 says and escapes values a spreadsheet would run as formulas.
        await using var csv = CsvHelper.CsvWriter.Create(writer, new CsvHelper.CsvWriterOptions { Injection = CsvHelper.CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, false);
        foreach (var header in new[] { "user_code", "email", "mobile", "first_name", "last_name", "role", "tier", "branch_code", "status", "kyc_status", "created_at" })
        {
            csv.WriteField(header);
        }
        await csv.EndRecordAsync(cancellationToken);
        const int Batch = 1000;
        var after = "";
        while (true)
        {
            var from = after;
            var rows = await query.Where(u => string.Compare(u.UserCode, from) > 0).OrderBy(u => u.UserCode).Take(Batch).Select(u => Item(u)).ToListAsync(cancellationToken);
            foreach (var r in rows)
            {
                foreach (var field in new[] { r.UserCode, r.Email, r.Mobile, r.FirstName, r.LastName, r.Role, r.Tier, r.BranchCode ?? "", r.Status, r.KycStatus,
                    r.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) })
                {
                    csv.WriteField(field);
                }
                await csv.EndRecordAsync(cancellationToken);
            }
            await csv.FlushAsync(cancellationToken);
            if (rows.Count < Batch)
            {
                break;
            }
            after = rows[^1].UserCode;
        }
        await staff.RecordAsync(actor, "users.exported", "users", "export", null, null, cancellationToken, new { filters = http.Request.QueryString.Value });
    }
}
