using System.Security.Claims;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Kyc;

public sealed class KycGateTests
{
    [Fact]
    public async Task Gate_LetsOnlyVerifiedUsersThrough_ReadingTheStatusFresh()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var user = await KycFlow.StartAsync(host);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("user_code", user.UserCode)], "test", "user_code", "role"));
        using var scope = host.Services.CreateScope();
        var context = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        var filter = new RouteHandlerBuilderProbe();
        var reached = 0;
        EndpointFilterDelegate endpoint = _ => { reached++; return ValueTask.FromResult<object?>(null); };

        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => filter.Invoke(context, endpoint).AsTask());
        Assert.Equal(403, refused.Status);
        Assert.Equal(0, reached);

        host.Database.Execute($"UPDATE users SET kyc_status = 'verified' WHERE user_code = '{user.UserCode}'");
        await filter.Invoke(context, endpoint);
        Assert.Equal(1, reached);

        host.Database.Execute($"UPDATE users SET kyc_status = 'action_required' WHERE user_code = '{user.UserCode}'");
        await Assert.ThrowsAsync<ApiProblemException>(() => filter.Invoke(context, endpoint).AsTask());
        Assert.Equal(1, reached);
    }

    /// <summary>Collects the filter <see cref="KycGate.RequireVerifiedKyc"/> adds and runs it as the endpoint pipeline would.</summary>
    private sealed class RouteHandlerBuilderProbe : IEndpointConventionBuilder
    {
        private readonly List<Action<EndpointBuilder>> _conventions = [];

        public RouteHandlerBuilderProbe() => this.RequireVerifiedKyc();

        public void Add(Action<EndpointBuilder> convention) => _conventions.Add(convention);

        public ValueTask<object?> Invoke(HttpContext context, EndpointFilterDelegate endpoint)
        {
            var builder = new Microsoft.AspNetCore.Routing.RouteEndpointBuilder(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/"), 0);
            foreach (var convention in _conventions)
            {
                convention(builder);
            }
            var pipeline = endpoint;
            foreach (var factory in builder.FilterFactories.Reverse())
            {
                pipeline = factory(new EndpointFilterFactoryContext { MethodInfo = typeof(KycGateTests).GetMethod(nameof(Gate_LetsOnlyVerifiedUsersThrough_ReadingTheStatusFresh))!, ApplicationServices = context.RequestServices }, pipeline);
            }
            return pipeline(EndpointFilterInvocationContext.Create(context));
        }
    }
}
