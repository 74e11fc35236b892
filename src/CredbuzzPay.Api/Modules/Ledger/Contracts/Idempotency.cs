namespace CredbuzzPay.Api.Modules.Ledger.Contracts;

/// <summary>Declares a money POST idempotent: <c>.Idempotent()</c> next to the endpoint (every money POST of the product carries it).</summary>
public static class IdempotencyEndpoints
{
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new Platform.Http.RereadableBody())
            .AddEndpointFilter<Books.IdempotencyFilter>();
}
