using System.Net;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

public sealed class ApiDocumentTests
{
    [Fact]
    public async Task SwaggerUiAndRedoc_ServeTheOpenApiDocumentOfTheService()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var swagger = await client.GetAsync("/api/docs/index.html");
        var redoc = await client.GetAsync("/api/redoc/index.html");
        var document = await client.GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Contains("swagger-ui", await swagger.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, redoc.StatusCode);
        Assert.Contains("redoc", await redoc.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var body = await document.JsonAsync();
        Assert.StartsWith("3.", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("CredbuzzPay API", body.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("bearer", body.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task SwaggerUiRoot_ServesItsPage()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var response = await client.GetAsync("/api/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
