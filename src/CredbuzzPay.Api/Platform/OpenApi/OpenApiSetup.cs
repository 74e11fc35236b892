using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace CredbuzzPay.Api.Platform.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/api/openapi/v1.json</c>) with Swagger UI at <c>/api/docs/</c> and ReDoc at
/// <c>/api/redoc/</c> (seed 000). Every endpoint that needs a signed-in caller is marked with the
/// bearer requirement; public ones are not.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/api/openapi/v1.json";
    private const string Bearer = "Bearer";
    private const string SystemFonts = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";

    public static IServiceCollection AddApiDocuments(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "CredbuzzPay API",
                    Version = "v1",
                    Description = "Onboarding, KYC, access control and payments for Indian B2B2C fintech. " +
                        "JSON is snake_case; errors are RFC 9457 problem+json; lists paginate as count/next/previous/results.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from the login flow (15 minutes).",
                };
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(TruthfulSchemas.RequestBodies);
            options.AddOperationTransformer(TruthfulSchemas.Forms);
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [],
                });
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid access token." });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication UseApiDocuments(this WebApplication app)
    {
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api/docs";
            ui.DocumentTitle = "CredbuzzPay API";
            ui.SwaggerEndpoint(DocumentPath, "CredbuzzPay v1");
            // (Swashbuckle leaves Swagger UI's validator badge, an image from validator.swagger.io, switched off.)
        });
        app.UseReDoc(redoc =>
        {
            redoc.RoutePrefix = "api/redoc";
            redoc.DocumentTitle = "CredbuzzPay API";
            redoc.SpecUrl = DocumentPath;
            // The packaged page links Google Fonts; this one does not, and the theme names system fonts instead.
            redoc.IndexStream = () => typeof(OpenApiSetup).Assembly.GetManifestResourceStream("CredbuzzPay.Api.Platform.OpenApi.redoc-index.html")!;
            // ReDoc 3 reports usage to Redocly's collector unless told not to.
            redoc.ConfigObject.AdditionalItems["disableTelemetry"] = true;
            redoc.ConfigObject.AdditionalItems["theme"] = new JsonObject
            {
                ["typography"] = new JsonObject
                {
                    ["fontFamily"] = SystemFonts,
                    ["headings"] = new JsonObject { ["fontFamily"] = SystemFonts },
                    ["code"] = new JsonObject { ["fontFamily"] = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" },
                },
            };
        });
        return app;
    }

    public static void MapApiDocument(this IEndpointRouteBuilder app) =>
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous().ExcludeFromDescription();
}
