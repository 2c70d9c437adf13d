using System.Runtime.CompilerServices;
using AdvisoryWatch.Hosting;
using MassTransit;

namespace AdvisoryWatch.Messaging;

public static class MessagingSetup
{
    public const string TransportKey = BusOptions.Section + ":" + nameof(BusOptions.Transport);
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>
    /// The one place the transport is chosen. Each feature brings its own consumers and
    /// transport-dependent services with <see cref="AddBusParticipant"/> before this runs; consumers
    /// are registered only on worker nodes.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IConfigurationCheck, BusConfigurationCheck>();
        builder.Services.AddKnownSection<BusOptions>(BusOptions.Section);
        var transport = Transport(builder.Configuration);
        var worker = builder.Roles().HasFlag(NodeRoles.Worker);
        var participants = BusParticipants.Seal(builder.Services);
        var setup = new BusSetup(builder.Services, builder.Configuration, transport, worker);
        foreach (var participant in participants)
        {
            participant.Services?.Invoke(setup);
        }

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit otherwise posts usage telemetry (framework, OS, time zone, endpoint names)
            // to its vendor a few minutes after start. Nothing leaves this process unless configured.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            if (worker)
            {
                foreach (var participant in participants)
                {
                    participant.Consumers?.Invoke(bus);
                }
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
    /// Adds a feature's part in messaging: <paramref name="consumers"/> registers its consumers (run on
    /// worker nodes only); <paramref name="services"/> registers what depends on the transport chosen.
    /// Both run when <see cref="AddMessaging"/> does, in the order the features were added.
    /// </summary>
    public static WebApplicationBuilder AddBusParticipant(this WebApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null, Action<BusSetup>? services = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        BusParticipants.Of(builder.Services).Add(new BusParticipant(consumers, services));
        return builder;
    }

    /// <summary>The transport configured, in-memory when none is (a bad value is reported by the configuration check).</summary>
    public static BusTransport Transport(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Enum.TryParse<BusTransport>(configuration[TransportKey], ignoreCase: true, out var t) ? t : BusTransport.InMemory;
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
