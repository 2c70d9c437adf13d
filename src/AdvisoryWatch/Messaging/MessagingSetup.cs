using System.Runtime.CompilerServices;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Notifications.Planning;
using AdvisoryWatch.Polling;
using MassTransit;

namespace AdvisoryWatch.Messaging;

/// <summary>Which bus carries commands and events.</summary>
public enum BusTransport
{
    /// <summary>In-process: one machine, nothing to install.</summary>
    InMemory,

    /// <summary>A RabbitMQ broker (<c>ConnectionStrings:RabbitMq</c>, an amqp URI): several machines.</summary>
    RabbitMq,
}

public static class MessagingSetup
{
    public const string TransportKey = BusOptions.Section + ":" + nameof(BusOptions.Transport);
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>The one place the transport is chosen. Consumers are registered only on worker nodes.</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IConfigurationCheck, BusConfigurationCheck>();
        builder.Services.AddKnownSection<BusOptions>(BusOptions.Section);
        var transport = Enum.TryParse<BusTransport>(builder.Configuration[TransportKey], ignoreCase: true, out var t) ? t : BusTransport.InMemory;
        var worker = builder.Roles().HasFlag(NodeRoles.Worker);
        var workerConcurrency = builder.Configuration.GetValue($"{PollingOptions.Section}:WorkerConcurrency", new PollingOptions().WorkerConcurrency);

        // RabbitMQ stores a confirmed publish durably for every consumer's queue; the in-memory bus
        // holds it only as long as this process lives (see OutboxDispatcher).
        builder.Services.AddSingleton(new OutboxTransport(HoldsPublishedMessages: transport == BusTransport.RabbitMq));
        if (transport == BusTransport.InMemory && worker)
        {
            // Polls stay in this process anyway; skipping the bus for them saves a command and a
            // read of the source per poll. Everything else still goes through the bus.
            builder.Services.AddSingleton<LocalPollDispatch>();
            builder.Services.AddSingleton<IPollDispatch>(sp => sp.GetRequiredService<LocalPollDispatch>());
            builder.Services.AddHostedService<LocalPollWorkers>();
        }
        else
        {
            builder.Services.AddScoped<IPollDispatch, BusPollDispatch>();
        }

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit otherwise posts usage telemetry (framework, OS, time zone, endpoint names)
            // to its vendor a few minutes after start. Nothing leaves this process unless configured.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            if (worker)
            {
                bus.AddConsumer<PollSourceConsumer>(c => c.ConcurrentMessageLimit = workerConcurrency)
                    .Endpoint(e => e.Name = "advisorywatch-poll-source");
                bus.AddConsumer<ChangeLogConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(ChangeLogConsumer.BatchLimit).SetTimeLimit(ChangeLogConsumer.BatchWindow)))
                    .Endpoint(e => e.Name = "advisorywatch-change-log");
                bus.AddConsumer<DeliveryPlanner>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(DeliveryPlanner.BatchLimit).SetTimeLimit(DeliveryPlanner.BatchWindow)))
                    .Endpoint(e => e.Name = "advisorywatch-plan-deliveries");
            }

            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                // Transient database and network errors get a few quick retries; the claim lease and
                // the outbox make everything else safe to leave to the next tick.
                endpoint.UseMessageRetry(r => r.Intervals(100, 500, 2_000));
            });

            if (transport == BusTransport.RabbitMq)
            {
                // Read when the bus is made, after validation: a missing or bad URI is reported by the check.
                UseRabbitMq(bus, () => new Uri(builder.Configuration.GetConnectionString(ConnectionStringName)!));
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder;
    }

    /// <summary>
    /// Apart from the lambda above, so that compiling it does not load the RabbitMQ transport:
    /// resolving a call loads the assembly it names, and the in-memory bus needs none of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseRabbitMq(IBusRegistrationConfigurator bus, Func<Uri> host) =>
        bus.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(host());
            cfg.ConfigureEndpoints(context);
        });

    private sealed class BusConfigurationCheck : IConfigurationCheck
    {
        public IEnumerable<string> Check(IConfiguration configuration)
        {
            var value = configuration[TransportKey];
            if (value is not null && !Enum.TryParse<BusTransport>(value, ignoreCase: true, out _))
            {
                yield return $"{TransportKey}: '{value}' is not InMemory or RabbitMq.";
            }
            else if (string.Equals(value, nameof(BusTransport.RabbitMq), StringComparison.OrdinalIgnoreCase))
            {
                var cs = configuration.GetConnectionString(ConnectionStringName);
                if (!Uri.TryCreate(cs, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
                {
                    yield return $"ConnectionStrings:{ConnectionStringName}: an amqp:// or amqps:// URI is required when the transport is RabbitMq.";
                }
            }
        }
    }
}
