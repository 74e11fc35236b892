using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>Endpoint metadata raising the body limit for one endpoint (uploads).</summary>
public sealed record BodySizeLimit(long Bytes);

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
        return next(context);
    }
}

public static class BodySizeLimitExtensions
{
    /// <summary>Lets this endpoint accept bodies up to <paramref name="bytes"/>.</summary>
    public static TBuilder AllowBodySize<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimit(bytes));
}
