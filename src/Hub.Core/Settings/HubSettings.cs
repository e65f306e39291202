using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Core.Settings;

/// <summary>
/// How every <c>Hub:</c> setting is read: bound once to its options class, with a key the class
/// does not have as an error, checked by the class's data annotations, and all of it at start-up
/// (a bad setting stops the program, naming the setting, rather than failing its first request).
/// Nothing else reads <c>Hub:</c> keys from configuration: consumers take <c>IOptions&lt;T&gt;</c>.
/// </summary>
public static class HubSettings
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> under the hub's rules.</summary>
    public static OptionsBuilder<T> AddHubSettings<T>(this IServiceCollection services, string section)
        where T : class
        => services.AddOptions<T>()
            .BindConfiguration(section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>
    /// The <c>Hub</c> section as a whole, as this program knows it (<see cref="HubOptions"/>, or a
    /// program's own subclass): a key under <c>Hub:</c> that no property names stops start-up.
    /// </summary>
    public static IServiceCollection AddHubSection<TRoot>(this IServiceCollection services)
        where TRoot : HubOptions
    {
        services.AddHubSettings<TRoot>(HubOptions.Section);
        return services;
    }

    /// <summary>
    /// Checks every setting registered with <see cref="AddHubSettings{T}"/> now, as a host does when it
    /// starts (for a program without a host: the CLI). Throws, naming the setting, when one is wrong.
    /// </summary>
    public static void Validate(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    /// <summary>
    /// Settings a program needs before its container exists (the local host's addresses), read and
    /// checked under the same rules as <see cref="AddHubSettings{T}"/>.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class
    {
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddHubSettings<T>(section);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }
}
