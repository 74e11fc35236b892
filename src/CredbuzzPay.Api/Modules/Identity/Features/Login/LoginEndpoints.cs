using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

internal static class LoginEndpoints
{
    public static void MapLoginEndpoints(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Login");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit).Validate<LoginRequest>()
            .WithSummary("First factor: email or mobile and password; sends the second factor to the verified mobile.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/verify_login_otp", VerifyAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit).Validate<VerifyLoginOtpRequest>()
            .WithSummary("Second factor: the SMS code; answers the access and refresh tokens.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/token/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit).Validate<RefreshRequest>()
            .WithSummary("Exchange a refresh token for new tokens; a reused refresh token ends its session.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/otp/generate/", GenerateAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit)
            .WithSummary("Seed 002's client sign-in, step 1: {mobile}; a customer's login code goes to it (the same answer for every number).");
        auth.MapPost("/otp/verify/", VerifyOtpAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit)
            .WithSummary("Step 2: {mobile, otp}; answers a mobile_app session's tokens. Customers only; Identity:ClientOtpSignIn turns it off.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization()
            .WithSummary("End the session of the access token; its tokens stop working at once.");
    }

    private static async Task<Ok<LoginResponse>> LoginAsync(LoginRequest request, PasswordLogin handler, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, http, cancellationToken));

    private static async Task<Ok<TokensResponse>> VerifyAsync(VerifyLoginOtpRequest request, CompleteLogin handler, HttpContext http, AppDb db, Contracts.IUserDirectory users,
        Privacy.Contracts.IPrivacyNotices notices, CancellationToken cancellationToken)
    {
        var tokens = await handler.HandleAsync(request, http, cancellationToken);
        var user = await users.FindByCodeAsync(db, tokens.User.UserCode, CancellationToken.None);
        return TypedResults.Ok(tokens with { NoticeAcceptanceRequired = user is not null && await notices.AcceptanceRequiredAsync(db, user.Id, CancellationToken.None) });
    }

    private static async Task<Ok<MessageResponse>> GenerateAsync(OtpGenerateRequest request, ClientOtpLogin handler, CancellationToken cancellationToken)
    {
        if (!handler.Enabled)
        {
            throw ApiProblemException.NotFound();
        }
        if (!ContactFormats.TryNormalizeMobile(request.Mobile, out _))
        {
            throw ApiProblemException.Validation("mobile", "A 10-digit Indian mobile number (optionally with +91).");
        }
        return TypedResults.Ok(await handler.GenerateAsync(request, cancellationToken));
    }

    private static async Task<Ok<TokensResponse>> VerifyOtpAsync(OtpVerifyRequest request, ClientOtpLogin handler, HttpContext http, CancellationToken cancellationToken)
    {
        if (!handler.Enabled)
        {
            throw ApiProblemException.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (!ContactFormats.TryNormalizeMobile(request.Mobile, out _))
        {
            errors["mobile"] = ["A 10-digit Indian mobile number (optionally with +91)."];
        }
        if (request.Otp is not { Length: 6 } otp || !otp.All(char.IsAsciiDigit))
        {
            errors["otp"] = ["Enter the 6-digit code."];
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        return TypedResults.Ok(await handler.VerifyAsync(request, http, cancellationToken));
    }

    private static async Task<Ok<RefreshResponse>> RefreshAsync(RefreshRequest request, RefreshSession handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, cancellationToken));

    private static async Task<Ok<MessageResponse>> LogoutAsync(ClaimsPrincipal user, AppDb db, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(user.FindFirstValue(Tokens.SessionClaim), out var sessionId))
        {
            throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", "The access token names no session.");
        }
        await sessions.RevokeAsync(db, sessionId, user.FindFirstValue(Tokens.UserCodeClaim) ?? "unknown", "logout", cancellationToken);
        return TypedResults.Ok(new MessageResponse("Successfully logged out"));
    }
}
