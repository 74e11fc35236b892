using Microsoft.AspNetCore.Authorization;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>
/// Routing answers a wrong method (405) or content type (415) with endpoints of its own. They carry
/// no authorisation rule, so the deny-by-default policy would turn them into 401s and tell a client
/// with a correct token one thing and an anonymous one another. They do no work, so they are let
/// through; the endpoint they stand in for keeps its own rule.
/// </summary>
internal static class FrameworkRefusals
{
    private static readonly string[] DisplayNames = ["405 HTTP Method Not Supported", "415 HTTP Unsupported Media Type"];

    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.DisplayName is { } name && DisplayNames.Contains(name) && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            context.SetEndpoint(new Endpoint(
                endpoint.RequestDelegate,
                new EndpointMetadataCollection(endpoint.Metadata.Append(new AllowAnonymousAttribute())),
                name));
        }
        return next(context);
    }
}
