# Build: the front end (Node) and the app (.NET SDK) in one stage.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/TikTokStudio.Web -c Release -o /app

# Run: the ASP.NET runtime only, as the image's non-root user, with the data directory on a volume.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# ffmpeg makes the media library's thumbnails and TikTok-ready copies; without it the app shows placeholders.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data && chown "$APP_UID" /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataDirectory=/data
VOLUME /data
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "TikTokStudio.Web.dll", "--healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "TikTokStudio.Web.dll"]
