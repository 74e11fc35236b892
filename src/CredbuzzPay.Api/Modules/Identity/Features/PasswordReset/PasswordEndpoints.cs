using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Features.Login;
using CredbuzzPay.Api.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredbuzzPay.Api.Modules.Identity.Features.PasswordReset;

internal static class PasswordEndpoints
{
    public static void MapPasswordEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/forgot_password", ForgotAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit).Validate<ForgotPasswordRequest>().WithTags("Password")
            .WithSummary("Send a reset code; the answer is the same whether or not the account exists.");
        api.MapPost("/auth/reset_password", ResetAsync).AllowAnonymous().RequireRateLimiting(IdentityModule.AuthRateLimit).Validate<ResetPasswordRequest>().WithTags("Password")
            .WithSummary("Set a new password with the reset code; ends every session of the user.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/user/profile/change_password", ChangeAsync).RequireAuthorization().Validate<ChangePasswordRequest>().WithTags("Password")
            .WithSummary("Change the password with the current one; ends every other session.");
    }

    private static async Task<Ok<ForgotPasswordResponse>> ForgotAsync(ForgotPasswordRequest request, ForgotPassword handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, cancellationToken));

    private static async Task<Ok<MessageResponse>> ResetAsync(ResetPasswordRequest request, ResetPassword handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, cancellationToken));

    private static async Task<Ok<MessageResponse>> ChangeAsync(ChangePasswordRequest request, ClaimsPrincipal user, ChangePassword handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(request, user, cancellationToken));
}
