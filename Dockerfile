# Untested here: this project's build machines have no Docker engine. A starting point for users.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig CredbuzzPay.slnx ./
COPY src/CredbuzzPay.Api/CredbuzzPay.Api.csproj src/CredbuzzPay.Api/
RUN dotnet restore src/CredbuzzPay.Api/CredbuzzPay.Api.csproj
COPY src/ src/
RUN dotnet publish src/CredbuzzPay.Api/CredbuzzPay.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /var/lib/credbuzzpay/data /var/log/credbuzzpay && chown -R app:app /var/lib/credbuzzpay /var/log/credbuzzpay
USER app
ENV ASPNETCORE_URLS=http://0.0.0.0:8000 \
    Storage__DataDirectory=/var/lib/credbuzzpay/data \
    LogFiles__Directory=/var/log/credbuzzpay
EXPOSE 8000
ENTRYPOINT ["dotnet", "CredbuzzPay.Api.dll"]
