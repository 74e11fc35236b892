using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Features.Login;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CredbuzzPay.Api.Modules.Identity.Pages;

/// <summary>
/// <c>/admin/login</c>: the API's own two steps (auth/login, then auth/verify_login_otp) on the
/// <c>admin_panel</c> platform, staff and auditors only; the second factor goes where the person's security
/// settings send it (SMS, or email). Same refusals, same lockout, same login activity as the API.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityModule.AuthRateLimit)]
internal sealed class LoginModel : PageModel
{
    [BindProperty] public string? EmailOrMobile { get; set; }

    [BindProperty] public string? Password { get; set; }

    [BindProperty] public Guid? RequestId { get; set; }

    [BindProperty] public string? Otp { get; set; }

    [BindProperty(SupportsGet = true, Name = "next")] public string? Next { get; set; }

    public string? Error { get; private set; }

    public bool AwaitingCode { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPasswordAsync([FromServices] PasswordLogin handler, [FromServices] IValidator<LoginRequest> validator, CancellationToken cancellationToken)
    {
        var request = new LoginRequest(EmailOrMobile, Password, null, Platforms.AdminPanel);
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            return Refuse(StatusCodes.Status400BadRequest, string.Join(" ", check.Errors.Select(e => e.ErrorMessage)));
        }
        try
        {
            var answer = await handler.HandleAsync(request, HttpContext, cancellationToken, staffOnly: true);
            RequestId = answer.RequestId;
            AwaitingCode = true;
            return Page();
        }
        catch (ApiProblemException problem)
        {
            return Refuse(problem.Status, problem.Message);
        }
    }

    public async Task<IActionResult> OnPostCodeAsync([FromServices] CompleteLogin handler, [FromServices] IValidator<VerifyLoginOtpRequest> validator,
        [FromServices] SessionStore sessions, [FromServices] Platform.Database.AppDb db, CancellationToken cancellationToken)
    {
        var request = new VerifyLoginOtpRequest(RequestId, Otp?.Trim());
        AwaitingCode = RequestId is not null;
        var check = await validator.ValidateAsync(request, cancellationToken);
        if (!check.IsValid)
        {
            return Refuse(StatusCodes.Status400BadRequest, string.Join(" ", check.Errors.Select(e => e.ErrorMessage)));
        }
        try
        {
            var (user, session, _, _) = await handler.SignInAsync(request, HttpContext, Platforms.AdminPanel, cancellationToken);
            if (!Hierarchy.IsConsoleRole(user.Role))
            {
                // The role changed between the two steps: the session just opened ends, and the answer is the password step's.
                await sessions.RevokeAsync(db, session.Id, user.UserCode, "not_staff", CancellationToken.None);
                AwaitingCode = false;
                return Refuse(StatusCodes.Status401Unauthorized, PasswordLogin.Refusal);
            }
            await HttpContext.SignInAsync(AdminPagesSetup.Scheme, ConsoleSessions.Principal(user, session), new AuthenticationProperties { IsPersistent = false });
            return LocalRedirect(Destination());
        }
        catch (ApiProblemException problem)
        {
            // A wrong code leaves the form open for another try; an expired or blocked sign-in starts again.
            AwaitingCode = problem.Status == StatusCodes.Status400BadRequest && problem.Errors?.Values.SelectMany(v => v).Any(m => m.StartsWith("Incorrect", StringComparison.Ordinal)) == true;
            var message = problem.Errors?.Values.SelectMany(v => v).FirstOrDefault() ?? problem.Message;
            return Refuse(problem.Status, message);
        }
    }

    private PageResult Refuse(int status, string message)
    {
        Error = message;
        Password = null;
        Otp = null;
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    /// <summary>Where to go after signing in: the console page asked for, never anywhere else.</summary>
    private string Destination() =>
        Next is { } next && Url.IsLocalUrl(next) && (next == "/admin" || next.StartsWith("/admin/", StringComparison.Ordinal)) && !next.StartsWith("/admin/login", StringComparison.Ordinal)
            ? next
            : "/admin/";
}
