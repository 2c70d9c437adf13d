using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

#pragma warning disable CA1050 // The runtime finds a startup hook by this exact name, outside any namespace.

/// <summary>
/// Loaded into a child <c>advisorywatch</c> by <c>DOTNET_STARTUP_HOOKS</c> (see
/// <c>NoPhoneHomeTests</c>): makes MassTransit send its usage report when the process stops instead
/// of five minutes after start, so a short test sees it. It changes when the report would go, never
/// whether: the product's own setting decides that.
/// </summary>
internal static class StartupHook
{
    public static void Initialize() => DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                value.Subscribe(new HostingObserver());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class HostingObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value is { Key: "HostBuilding", Value: IHostBuilder host })
            {
                host.ConfigureServices(services => services.Configure<UsageTelemetryOptions>(o => o.ReportOnShutdown = true));
                Console.Error.WriteLine("startup hook: MassTransit usage telemetry, if enabled, is reported on shutdown");
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
