namespace CredbuzzPay.Api.Platform.Http;

/// <summary>Headers every answer carries; API answers are also never cached.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// What the documentation pages (Swagger UI, ReDoc) use, and nothing more: their own scripts and
    /// styles from this origin, inline styles (both set styles from script; ReDoc's styled components
    /// write style elements), images and fonts from this origin and data: URLs (Swagger UI's icons,
    /// ReDoc's icon font, both inside their own files), and the API document and "Try it out" calls to
    /// this origin. No other origin may serve anything to these pages, and no script is evaluated from
    /// a string (ReDoc then searches in the page instead of in a worker it would build with eval).
    /// </summary>
    public const string DocsPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The admin console's: its own stylesheet and script and nothing else: no inline script or style, no
    /// other origin, forms posting only to the console itself, never framed.
    /// </summary>
    public const string ConsolePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Browsers honour it only from a trustworthy origin (HTTPS or localhost), and say so in their console otherwise.
            if (context.Request.IsHttps || context.Request.Host.Host is "localhost" or "127.0.0.1" or "[::1]")
            {
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
            }
            // Another site may not embed these answers as images or scripts, nor use the browser's camera, microphone, location or payment on our pages.
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            if (context.Request.Path.StartsWithSegments("/api/v1") || context.Request.Path.StartsWithSegments("/health"))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                headers.CacheControl = "no-store";
            }
            else if (context.Request.Path.StartsWithSegments("/admin"))
            {
                headers.ContentSecurityPolicy = ConsolePolicy;
                if (!context.Request.Path.StartsWithSegments("/admin/assets"))
                {
                    // Pages show personal data: never kept by the browser or a proxy.
                    headers.CacheControl = "no-store";
                }
            }
            else if (context.Request.Path.StartsWithSegments("/api/docs") || context.Request.Path.StartsWithSegments("/api/redoc"))
            {
                headers.ContentSecurityPolicy = DocsPolicy;
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
