using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>Endpoint metadata raising the body limit for one endpoint (uploads).</summary>
public sealed record BodySizeLimit(long Bytes);

/// <summary>Endpoint metadata: the body is buffered so that a filter can read it again after binding (idempotency hashes it).</summary>
public sealed record RereadableBody;

/// <summary>
/// Enforces the request body limit the same way under Kestrel and any other server: a declared
/// length over the limit is refused before the body is read, a streamed body is cut at the limit.
/// </summary>
internal static class RequestBodyLimit
{
    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>()?.Bytes
            ?? context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<RereadableBody>() is not null)
        {
            context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit);
        }
        return context.Request.HasFormContentType && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
            && accepts.ContentTypes.Any(t => t.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            ? ReadFormThenAsync(context, next, limit)
            : next(context);
    }

    /// <summary>
    /// Reads a form endpoint's body before the endpoint binds it, with limits of our own (a KYC form has a
    /// few dozen short fields), so that a truncated body, a wrong boundary or an absurd part count is a
    /// 400 that says so; binding then uses the form already read.
    /// </summary>
    private static async Task ReadFormThenAsync(HttpContext context, RequestDelegate next, long limit)
    {
        try
        {
            await context.Request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = limit,
                ValueCountLimit = 100,
                KeyLengthLimit = 100,
                ValueLengthLimit = 64 * 1024,
                MultipartHeadersCountLimit = 8,
                MultipartHeadersLengthLimit = 4 * 1024,
            }, context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException || ex is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest })
        {
            throw new Errors.ApiProblemException(StatusCodes.Status400BadRequest, "Bad Request",
                "The multipart form could not be read: check its boundary, that the body is complete, and that it has at most 100 short fields.");
        }
        await next(context);
    }
}

public static class BodySizeLimitExtensions
{
    /// <summary>Lets this endpoint accept bodies up to <paramref name="bytes"/>.</summary>
    public static TBuilder AllowBodySize<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimit(bytes));
}
