package org.eucalyptus.clc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.addresses.Address;
import org.eucalyptus.clc.addresses.AddressStore;
import org.eucalyptus.clc.api.QueryService;
import org.eucalyptus.clc.clusters.Cluster;
import org.eucalyptus.clc.clusters.ClusterClients;
import org.eucalyptus.clc.clusters.ClusterRegistry;
import org.eucalyptus.clc.clusters.ClusterStateSync;
import org.eucalyptus.clc.clusters.ComponentEnrollment;
import org.eucalyptus.common.soap.security.SigningIdentity;
import org.eucalyptus.clc.identity.AccessKey;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.CredentialsDirectory;
import org.eucalyptus.clc.identity.IamDirectory;
import org.eucalyptus.clc.identity.IdentityStore;
import org.eucalyptus.clc.identity.SigningCertificate;
import org.eucalyptus.clc.pki.CloudCa;
import org.eucalyptus.clc.api.ScopeRouter;
import org.eucalyptus.clc.api.iam.IamDialect;
import org.eucalyptus.common.http.Responses;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.eucalyptus.clc.identity.User;
import org.eucalyptus.clc.images.Image;
import org.eucalyptus.clc.images.ImageStore;
import org.eucalyptus.clc.images.LaunchPermission;
import org.eucalyptus.clc.instances.Instance;
import org.eucalyptus.clc.groups.SecurityGroup;
import org.eucalyptus.clc.groups.SecurityGroupRule;
import org.eucalyptus.clc.groups.SecurityGroupStore;
import org.eucalyptus.clc.instances.InstanceService;
import org.eucalyptus.clc.tags.Tag;
import org.eucalyptus.clc.tags.TagStore;
import org.eucalyptus.clc.keypairs.KeyPair;
import org.eucalyptus.clc.keypairs.KeyPairStore;
import org.eucalyptus.clc.persistence.Database;
import org.eucalyptus.clc.properties.CloudProperties;
import org.eucalyptus.clc.properties.PropertyValue;
import org.eucalyptus.clc.api.QueryDialect;
import org.eucalyptus.clc.api.properties.DescribePropertiesAction;
import org.eucalyptus.clc.api.properties.ModifyPropertyValueAction;
import org.eucalyptus.clc.vmtypes.VmType;
import org.eucalyptus.clc.vmtypes.VmTypes;
import org.eucalyptus.common.auth.AccessKeyOwner;
import org.eucalyptus.common.auth.RequestAuthenticator;
import org.eucalyptus.common.auth.SecretKeyResolver;
import org.eucalyptus.common.config.EucaConf;
import org.eucalyptus.common.http.HttpServer;

/**
 * The cloud controller's composition root: builds every part from the settings, in one place, with
 * plain constructors. It serves no port itself; {@link #routes()} are mounted on an
 * {@link HttpServer} by whoever runs it (alone, or together with Walrus on 8773).
 */
public final class CloudController implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(CloudController.class);

  public static final String EC2_PATH = "/services/Eucalyptus";
  public static final String PROPERTIES_PATH = "/services/Properties";
  public static final String EUARE_PATH = "/services/Euare";
  /** Registration and component credentials (3.1's name for the admin's registration service). */
  public static final String CONFIGURATION_PATH = "/services/Configuration";
  /** The cloud CA's certificate, public by nature: clients need it to bundle images for this cloud. */
  public static final String CLOUD_CERT_PATH = "/cloud-cert.pem";
  public static final List<Class<?>> ENTITIES = List.of(
      Account.class, User.class, AccessKey.class, VmType.class, Cluster.class, Image.class, Instance.class,
      KeyPair.class, SecurityGroup.class, SecurityGroupRule.class, Tag.class,
      LaunchPermission.class, org.eucalyptus.clc.images.ImageBlockDeviceMapping.class, PropertyValue.class, SigningCertificate.class, Address.class,
      org.eucalyptus.clc.identity.Group.class, org.eucalyptus.clc.identity.GroupMember.class,
      org.eucalyptus.clc.identity.IamPolicy.class, org.eucalyptus.clc.identity.LoginProfile.class,
      org.eucalyptus.clc.identity.AccountAlias.class,
      // clc-volumes
      org.eucalyptus.clc.volumes.Volume.class, org.eucalyptus.clc.volumes.VolumeAttachment.class,
      // clc-snapshots
      org.eucalyptus.clc.snapshots.Snapshot.class, org.eucalyptus.clc.snapshots.CreateVolumePermission.class,
      // clc-plumbing
      org.eucalyptus.clc.storage.StorageController.class);

  private final ClcSettings settings;
  private final Path dataDir;
  private final String region;
  private final Clock clock = Clock.systemUTC();
  private org.eucalyptus.common.pki.HttpsIdentity https;
  private io.netty.handler.ssl.SslContext tls;
  private final org.eucalyptus.common.util.IdSource ids;
  private Database db;
  private IdentityStore identity;
  private IamDirectory iam;
  private ClusterRegistry clusters;
  private ClusterStateSync sync;
  private ComponentEnrollment enrollment;
  // clc-plumbing: the zones' storage controllers, their enrolment, and the nodes' certificates
  private org.eucalyptus.clc.storage.StorageControllerRegistry storageRegistry;
  private org.eucalyptus.clc.storage.StorageEnrollment storageEnrollment;
  private org.eucalyptus.clc.storage.StorageControllers storageControllers;
  private final org.eucalyptus.clc.clusters.EnrolledNodeCertificates nodeCertificates =
      new org.eucalyptus.clc.clusters.EnrolledNodeCertificates();
  private org.eucalyptus.common.soap.SoapService ec2Soap;
  private ClusterClients clients;
  private ImageStore images;
  private QueryService ec2;
  private QueryService propertiesService;
  private QueryService euare;
  private QueryService configuration;
  private CloudCa ca;
  private CloudProperties properties;
  private AccessKeyOwner admin;
  private org.eucalyptus.clc.metadata.MetadataService metadata;
  private org.eucalyptus.clc.clusters.ClusterNetworks clusterNetworks;
  private final WalrusLocation walrus;
  /** This CLC's own EC2 URL once it serves. */
  private volatile String selfUrl = "";
  /** The HTTPS port it serves on, once known (0: none), where the console sends plain requests. */
  private volatile int servedHttpsPort;
  private org.eucalyptus.clc.console.ConsoleService console;
  private org.eucalyptus.clc.usage.UsageRecorder usage;
  private org.eucalyptus.clc.images.WalrusManifests manifests;
  private org.eucalyptus.clc.identity.StoredPolicies policies;
  private volatile org.eucalyptus.clc.volumes.StorageVolumeSync storageSync;
  // Two front ends: who leads (the singleton work runs there), and each front end's heartbeat.
  private org.eucalyptus.clc.ha.Leadership leadership;
  private org.eucalyptus.clc.ha.FrontEnds frontEnds;
  private org.eucalyptus.clc.volumes.VolumeStore volumeStore;
  // clc-snapshots
  private org.eucalyptus.clc.snapshots.SnapshotStore snapshots;
  private org.eucalyptus.clc.snapshots.SnapshotStateSync snapshotSync;

  /** Reads its settings from {@code conf} (refusing a bad value there, naming the key). */
  public CloudController(EucaConf conf) {
    this(ClcSettings.from(conf), new org.eucalyptus.common.util.IdSource());
  }

  /** As {@link #CloudController(ClcSettings, org.eucalyptus.common.util.IdSource)}, from {@code conf}. */
  public CloudController(EucaConf conf, org.eucalyptus.common.util.IdSource ids) {
    this(ClcSettings.from(conf), ids);
  }

  /** @param ids where resource ids (i-, r-, emi-, sg-) are drawn from; tests seed one to make ids clash */
  public CloudController(ClcSettings settings, org.eucalyptus.common.util.IdSource ids) {
    this.settings = settings;
    this.ids = ids;
    this.dataDir = settings.dataDir();
    this.region = settings.region();
    this.walrus = new WalrusLocation(settings.walrusUrl(),
        () -> properties == null ? "" : properties.get(CloudProperties.WALRUS_URL));
  }

  /**
   * Opens the database (migrating it), creates the admin on first start, and starts following the
   * clusters. A start that fails part way closes what it had opened (the database and its pool,
   * the threads) before the error goes on.
   */
  public CloudController start() {
    try {
      return startParts();
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private CloudController startParts() {
    db = new Database(settings.database(), ENTITIES);
    leadership = org.eucalyptus.clc.ha.Leadership.forDatabase(settings.database(), Duration.ofSeconds(1));
    frontEnds = new org.eucalyptus.clc.ha.FrontEnds(db, () -> selfUrl, leadership::isLeader, Duration.ofSeconds(2));
    identity = new IdentityStore(db, clock);
    admin = identity.ensureSystemAdmin();
    try {
      ca = CloudCa.loadOrCreate(dataDir.resolve("keys"));
      if (settings.https().enabled()) {
        https = org.eucalyptus.common.pki.HttpsIdentity.of(settings.https().source(),
            new org.eucalyptus.common.pki.HttpsIdentity.Issuer(ca.certificate(), ca.privateKey()), dataDir.resolve("keys"),
            clock);
        tls = org.eucalyptus.common.http.ServerTls.of(https.key(), https.chain());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    ClcSettings.PropertyDefaults defaults = settings.properties();
    properties = new CloudProperties(db, Map.of(
        CloudProperties.CLOCK_SKEW, String.valueOf(defaults.clockSkewSec()),
        CloudProperties.TERMINATED_TIME, String.valueOf(defaults.terminatedVisibleMin()),
        CloudProperties.INSTANCE_TIMEOUT, String.valueOf(defaults.instanceLostSec()),
        CloudProperties.MAC_PREFIX, defaults.macPrefix()));
    clusters = new ClusterRegistry(db, clock);
    for (ClcSettings.ClusterAddress c : settings.clusters()) {
      clusters.register(c.name(), c.host(), c.port());
    }
    // The cloud controller signs its calls to the cluster controllers with the cloud CA's own key.
    SigningIdentity cloud = new SigningIdentity(ca.privateKey(), ca.certificate(), ca.certificate());
    clients = new ClusterClients(() -> Optional.of(cloud));
    enrollment = new ComponentEnrollment(clusters, clients, ca, nodeCertificates, leadership::isLeader);
    // clc-plumbing: storage controllers are signed to and enrolled as the cluster controllers are.
    storageRegistry = new org.eucalyptus.clc.storage.StorageControllerRegistry(db, clock);
    org.eucalyptus.clc.storage.StorageControllerClients storageClients =
        new org.eucalyptus.clc.storage.StorageControllerClients(() -> Optional.of(cloud));
    storageEnrollment = new org.eucalyptus.clc.storage.StorageEnrollment(storageRegistry, storageClients, ca,
        leadership::isLeader);
    storageControllers = new org.eucalyptus.clc.storage.RegisteredStorageControllers(storageRegistry,
        storageEnrollment, storageClients);
    AddressStore addresses = new AddressStore(db, clock);
    // Addresses of instances that ended go back to their pool (or stay allocated, if elastic).
    // Interrupted launches are resumed through the instance service (set below): the holder breaks the cycle.
    java.util.concurrent.atomic.AtomicReference<org.eucalyptus.clc.instances.InterruptedLaunches> resumerRef =
        new java.util.concurrent.atomic.AtomicReference<>();
    // clc-volumes: volumes kept by each zone's storage controller, exported for the enrolled node's certificate.
    volumeStore = new org.eucalyptus.clc.volumes.VolumeStore(db, clock, ids);
    org.eucalyptus.clc.volumes.VolumeService volumes = new org.eucalyptus.clc.volumes.VolumeService(
        volumeStore, storageControllers, nodeCertificates, clusters, clients);
    sync = new ClusterStateSync(db, clusters, clients, clock,
        () -> Duration.ofSeconds(properties.getInt(CloudProperties.INSTANCE_TIMEOUT)), () -> {
          addresses.reclaimFromEnded();
          addresses.lendToUnaddressed(); // a launch whose front end died before lending
        },
        (cluster, ids) -> resumerRef.get() != null && resumerRef.get().resume(cluster, ids),
        new org.eucalyptus.clc.volumes.AttachmentSync(volumes));
    sync.follow(); // until this front end leads
    images = new ImageStore(db, clock, ids);
    manifests = new org.eucalyptus.clc.images.WalrusManifests(() -> {
      java.net.URI w = walrus.now();
      if (w == null) {
        throw new IllegalStateException("Walrus's URL is not known yet (set WALRUS_URL)");
      }
      return w;
    }, region, clock);
    VmTypes vmTypes = new VmTypes(db);
    SecurityGroupStore groups = new SecurityGroupStore(db, clock, ids);
    // The address map comes from the instances table (set below); the holder breaks the construction cycle.
    java.util.concurrent.atomic.AtomicReference<InstanceService> instancesRef = new java.util.concurrent.atomic.AtomicReference<>();
    clusterNetworks = new org.eucalyptus.clc.clusters.ClusterNetworks(clusters, clients, groups, clock,
        cluster -> instancesRef.get() == null ? Map.of() : instancesRef.get().publicAddresses(cluster));
    // Boot from EBS and block device mappings: a launch's volumes, exported for the cluster controller (it re-seals for the node).
    org.eucalyptus.clc.volumes.BootVolumes bootVolumes = new org.eucalyptus.clc.volumes.BootVolumes(volumes,
        storageControllers, clients, ca.certificate(),
        () -> new org.eucalyptus.clc.volumes.VolumeStore.SizeLimits(properties.getInt(CloudProperties.MAX_VOLUME_SIZE),
            properties.getInt(CloudProperties.MAX_TOTAL_VOLUME_SIZE)),
        org.eucalyptus.clc.volumes.BootVolumes.AVAILABLE_WITHIN);
    InstanceService instances = new InstanceService(db, clusters, clients, clock,
        () -> Duration.ofMinutes(properties.getInt(CloudProperties.TERMINATED_TIME)),
        () -> properties.get(CloudProperties.MAC_PREFIX), addresses,
        new org.eucalyptus.clc.images.ImageUrls(images, manifests), clusterNetworks, ids, bootVolumes);
    instancesRef.set(instances);
    clusterNetworks.start(Duration.ofSeconds(5), leadership::isLeader);
    RequestAuthenticator auth = new RequestAuthenticator(identity, clock,
        () -> Duration.ofSeconds(properties.getInt(CloudProperties.CLOCK_SKEW)));
    KeyPairStore keyPairs = new KeyPairStore(db, clock);
    resumerRef.set(new org.eucalyptus.clc.instances.InterruptedLaunches(db, clusters, instances, images, vmTypes,
        keyPairs, groups));
    TagStore tags = new TagStore(db, clock, () -> Duration.ofMinutes(properties.getInt(CloudProperties.TERMINATED_TIME)));
    policies = new org.eucalyptus.clc.identity.StoredPolicies(db);
    // clc-snapshots: the snapshot store (CreateVolume's SnapshotLookup) and its sync with the zones' SCs.
    snapshots = new org.eucalyptus.clc.snapshots.SnapshotStore(db, clock, ids);
    snapshotSync = new org.eucalyptus.clc.snapshots.SnapshotStateSync(snapshots);
    // Requests and answers that carry a secret may be refused over plain HTTP (the property says).
    java.util.function.BooleanSupplier secretsOverHttpsOnly =
        () -> Boolean.parseBoolean(properties.get(CloudProperties.SECRETS_OVER_HTTPS_ONLY));
    ec2 = new QueryService(auth, new org.eucalyptus.clc.api.Ec2ActionTable(clusters, sync, clients, clusterNetworks,
        region, settings.walrusUrl().map(java.net.URI::toString).orElse(null), instances, images, manifests,
        () -> Boolean.parseBoolean(properties.get(CloudProperties.DEFAULT_VISIBILITY)), identity, vmTypes, keyPairs,
        groups, tags, addresses, volumes,
        snapshots,
        () -> new org.eucalyptus.clc.volumes.VolumeStore.SizeLimits(properties.getInt(CloudProperties.MAX_VOLUME_SIZE),
            properties.getInt(CloudProperties.MAX_TOTAL_VOLUME_SIZE)),
        new org.eucalyptus.clc.api.snapshots.SnapshotActions(snapshots, volumeStore, storageControllers, tags)).actions(),
        QueryDialect.EC2, policies, java.util.Set.of("CreateKeyPair"), secretsOverHttpsOnly);
    // EC2 over SOAP: the same actions, the caller being the user whose certificate signed the message.
    java.security.cert.X509Certificate caCert = ca.certificate();
    ec2Soap = org.eucalyptus.common.soap.SoapService.publish(EC2_PATH,
        new org.eucalyptus.clc.api.soap.Ec2SoapProvider(ec2, identity::callerForCertificate),
        List.of(new org.eucalyptus.common.soap.security.SignatureCheckInInterceptor(() -> Optional.of(caCert),
            // Any signer the cloud CA issued passes here; the provider maps it to its user (one lookup
            // per request) and refuses, as AuthFailure, a certificate no user holds.
            java.util.Set.of(), (signer, anchor, op) -> null,
            (why, message) -> new org.apache.cxf.binding.soap.SoapFault(message, new javax.xml.namespace.QName(
                "http://schemas.xmlsoap.org/soap/envelope/",
                why == org.eucalyptus.common.soap.security.SignatureCheckInInterceptor.Refusal.EXPIRED
                    ? "Client.RequestExpired" : "Client.AuthFailure")))));
    metadata = new org.eucalyptus.clc.metadata.MetadataService(instances::byAddress, images, keyPairs, groups);
    iam = new IamDirectory(identity, ca);
    euare = new QueryService(auth, org.eucalyptus.clc.api.iam.IamActionTable.actions(identity, iam,
        new org.eucalyptus.clc.identity.AccountDeletion(identity, clusterNetworks::rulesChanged)), new IamDialect(),
        policies, java.util.Set.of("CreateAccessKey", "CreateSigningCertificate", "CreateLoginProfile",
            "UpdateLoginProfile"), secretsOverHttpsOnly);
    // The admin services answer in EC2's style, in Eucalyptus's namespace, whatever version a tool sends.
    propertiesService = new QueryService(auth, Map.of(
        "DescribeProperties", new DescribePropertiesAction(properties),
        "ModifyPropertyValue", new ModifyPropertyValueAction(properties)),
        QueryDialect.ec2Style("eucalyptus", v -> null, v -> "http://eucalyptus.ucsb.edu/"), policies);
    configuration = new QueryService(auth, Map.ofEntries(
        Map.entry("IssueComponentCredentials", new org.eucalyptus.clc.api.configuration.IssueComponentCredentialsAction(ca)),
        Map.entry("RegisterNodes", new org.eucalyptus.clc.api.configuration.RegisterNodesAction(clusters, clients, enrollment)),
        Map.entry("DeregisterNodes", new org.eucalyptus.clc.api.configuration.DeregisterNodesAction(clusters, clients)),
        Map.entry("DescribeNodes", new org.eucalyptus.clc.api.configuration.DescribeNodesAction(clusters, clients, enrollment)),
        Map.entry("RegisterCluster", new org.eucalyptus.clc.api.configuration.RegisterClusterAction(clusters, sync,
            enrollment)),
        Map.entry("DeregisterCluster", new org.eucalyptus.clc.api.configuration.DeregisterClusterAction(clusters)),
        Map.entry("DescribeServices", new org.eucalyptus.clc.api.configuration.DescribeServicesAction(clusters, sync, clients,
            enrollment, walrus::state, storageRegistry, storageEnrollment, frontEnds)),
        Map.entry("RegisterWalrus", new org.eucalyptus.clc.api.configuration.RegisterWalrusAction(properties)),
        Map.entry("GetUsageReport", new org.eucalyptus.clc.api.configuration.GetUsageReportAction(
            new org.eucalyptus.clc.usage.UsageReport(db), identity, clock)),
        // clc-plumbing: storage controllers
        Map.entry("RegisterStorageController", new org.eucalyptus.clc.api.configuration.RegisterStorageControllerAction(
            storageRegistry, storageEnrollment)),
        Map.entry("DeregisterStorageController", new org.eucalyptus.clc.api.configuration.DeregisterStorageControllerAction(
            storageRegistry)),
        Map.entry("DescribeStorageControllers", new org.eucalyptus.clc.api.configuration.DescribeStorageControllersAction(
            storageRegistry, storageEnrollment))),
        QueryDialect.ec2Style("eucalyptus", v -> null, v -> "http://eucalyptus.ucsb.edu/"), policies,
        java.util.Set.of("IssueComponentCredentials"), secretsOverHttpsOnly);
    if (settings.console().enabled() && https != null) {
      console = console(ec2, euare, configuration);
    }
    usage = new org.eucalyptus.clc.usage.UsageRecorder(db, clock, settings.usage().rawKeep(),
        new org.eucalyptus.clc.usage.WalrusUsageClient(walrus::now, ca.certificate(), ca.privateKey(), clock));
    // The work only one front end may do, on the leader (at once when alone, on H2); see docs/ARCHITECTURE.md.
    leadership.listen(new org.eucalyptus.clc.ha.LeaderDuties()
        .duty("cluster sync", sync::lead, sync::follow)
        // what instances that ended while no leader ran still held
        .duty("address reclaim", addresses::reclaimFromEnded, () -> { })
        // One long poll per zone's SC follows its volumes and its snapshots.
        .duty("storage sync", () -> storageSync = new org.eucalyptus.clc.volumes.StorageVolumeSync(volumes.store(),
            snapshotSync::reported, storageControllers, Duration.ofSeconds(5)).start(), () -> storageSync.close())
        // Usage for the reports: what is held, compared with what was recorded, every CLC_USAGE_INTERVAL_SEC.
        .duty("usage", () -> usage.start(settings.usage().interval()), () -> usage.stop())
        .duty("heartbeat", frontEnds::changed, frontEnds::changed)).start();
    sync.start();
    enrollment.start(settings.enrollInterval()); // a follower's rounds only check what each component holds
    storageEnrollment.start(settings.enrollInterval());
    frontEnds.start();
    LOG.info("cloud controller ready: data in {}, {} cluster(s)", dataDir, clusters.list().size());
    return this;
  }

  /** The web console on the HTTPS port, acting through {@code ec2} and {@code iam} as its signed-in users. */
  private org.eucalyptus.clc.console.ConsoleService console(QueryService ec2, QueryService iam,
      QueryService configuration) {
    org.eucalyptus.clc.identity.LoginProfiles logins = new org.eucalyptus.clc.identity.LoginProfiles(identity,
        new org.eucalyptus.clc.identity.PasswordHashes());
    org.eucalyptus.clc.console.ConsoleAdminPassword.ensure(identity, admin.caller().accountNumber(), dataDir);
    org.eucalyptus.clc.console.ConsoleCloud cloud = new org.eucalyptus.clc.console.ConsoleCloud() {
      @Override
      public String caPem() {
        return ca.certificatePem();
      }

      @Override
      public String region() {
        return region;
      }

      @Override
      public String s3Url(String httpsBase) {
        return settings.walrusUrl().map(java.net.URI::toString).orElse(httpsBase + "/services/Walrus");
      }

      @Override
      public java.net.URI walrusEndpoint() {
        return walrus.now();
      }

      @Override
      public boolean cloudIssuedHttps() {
        return https.cloudIssued();
      }
    };
    return new org.eucalyptus.clc.console.ConsoleService(
        new org.eucalyptus.clc.console.ConsoleSessions(db, clock, settings.console().idleTimeout()),
        new org.eucalyptus.clc.console.SignInThrottle(clock), identity, logins, ec2, iam, configuration,
        propertiesService, cloud,
        () -> servedHttpsPort, region, clock);
  }

  public List<HttpServer.Route> routes() {
    // euca2ools and boto post to /services/Eucalyptus; the AWS SDK's EC2 client posts to "/" whatever path it is given.
    String caPem = ca.certificatePem();
    // SOAP requests carry a SOAPAction header; everything else at the EC2 path is the Query API.
    org.eucalyptus.common.http.RequestHandler ec2Both = req -> req.method().equals("POST")
        && req.header("SOAPAction") != null ? ec2Soap.handle(req) : ec2.handle(req);
    // What the server answers of itself (503 when it cannot take a request now, a head too large) is in each
    // API's error format.
    return List.of(new HttpServer.Route(EC2_PATH, ec2Both).withRefusals(ec2::refusal)
            .withSoapRefusals(org.eucalyptus.common.soap.SoapRefusals::answer),
        new HttpServer.Route(PROPERTIES_PATH, propertiesService).withRefusals(propertiesService::refusal),
        new HttpServer.Route(EUARE_PATH, euare).withRefusals(euare::refusal),
        new HttpServer.Route(CONFIGURATION_PATH, configuration).withRefusals(configuration::refusal),
        new HttpServer.Route(CLOUD_CERT_PATH, req -> Responses.text(HttpResponseStatus.OK, caPem)),
        new HttpServer.Route(org.eucalyptus.clc.console.ConsoleService.PATH, console != null ? console
            : req -> Responses.text(HttpResponseStatus.NOT_FOUND, "The web console is not enabled here"
                + " (CLC_CONSOLE_ENABLED, CLC_HTTPS_ENABLED).\n")),
        new HttpServer.Route("/", metadataOr(new ScopeRouter(Map.of("iam", euare, "ec2", ec2), ec2)))
            .withRefusals(ec2::refusal));
  }

  /** Every Query action served, by the path of its service (for tests that must reach them all). */
  public Map<String, java.util.Set<String>> queryActions() {
    return Map.of(EC2_PATH, ec2.actionNames(), EUARE_PATH, euare.actionNames(),
        PROPERTIES_PATH, propertiesService.actionNames(), CONFIGURATION_PATH, configuration.actionNames());
  }

  /**
   * Tells the CLC where it is served; unless WALRUS_URL says otherwise, Walrus is taken to share
   * its port (as in {@code eucalyptus-cloud}).
   */
  public void servingAt(String host, int port) {
    selfUrl = "http://" + host + ":" + port + EC2_PATH;
    walrus.servingAt(host, port);
    if (frontEnds != null) {
      frontEnds.changed();
    }
  }

  /** Where nodes fetch images and the CLC reads manifests. */
  public java.util.Optional<java.net.URI> walrusEndpoint() {
    return java.util.Optional.ofNullable(walrus.now());
  }

  /** GETs of /latest/… and /<YYYY-MM-DD>/… are the metadata service's; everything else goes on to {@code next}. */
  private io.netty.handler.codec.http.FullHttpResponse metadataOr(org.eucalyptus.common.http.InboundRequest req,
      org.eucalyptus.common.http.RequestHandler next) throws Exception {
    return org.eucalyptus.clc.metadata.MetadataService.PATH.matcher(req.rawPath()).matches() && req.method().equals("GET")
        ? metadata.handle(req) : next.handle(req);
  }

  private org.eucalyptus.common.http.RequestHandler metadataOr(org.eucalyptus.common.http.RequestHandler next) {
    return req -> metadataOr(req, next);
  }

  /**
   * Writes the admin's credentials for a CLC reachable at {@code host:port} into the data directory,
   * as the credentials zip has them: eucarc, iamrc, cloud-cert.pem and the admin's certificate and key.
   */
  public Path writeAdminCredentials(String host, int port) throws IOException {
    return writeAdminCredentials(host, port, 0);
  }

  /**
   * As {@link #writeAdminCredentials(String, int)}, with the HTTPS twin on {@code httpsPort} (0: none):
   * when CLC_EUCARC_HTTPS says so, the eucarc's URLs are the HTTPS ones (Walrus's too when it shares
   * this process), and it names cloud-cert.pem as the clients' CA bundle when the cloud CA issued the
   * port's certificate.
   */
  public Path writeAdminCredentials(String host, int port, int httpsPort) throws IOException {
    servingAt(host, port);
    servedHttpsPort = httpsPort;
    boolean secure = httpsPort > 0 && https != null && settings.https().eucarc();
    String base = secure ? "https://" + host + ":" + httpsPort : "http://" + host + ":" + port;
    String s3 = secure && settings.walrusUrl().isEmpty() ? base + "/services/Walrus"
        : walrus.configuredOrOwn().toString();
    new CredentialsDirectory(iam).write(dataDir, admin, ca.certificatePem(), base + EC2_PATH, s3,
        base + EUARE_PATH, region, secure && https.cloudIssued());
    return dataDir.resolve("eucarc");
  }

  /** The TLS of the HTTPS twin of the cloud's port; empty when CLC_HTTPS_ENABLED=N. */
  public Optional<io.netty.handler.ssl.SslContext> tls() {
    return Optional.ofNullable(tls);
  }

  /** What the HTTPS port presents; empty when CLC_HTTPS_ENABLED=N. */
  public Optional<org.eucalyptus.common.pki.HttpsIdentity> https() {
    return Optional.ofNullable(https);
  }

  public SecretKeyResolver keys() {
    return identity;
  }

  /** What this controller has asked of its database since it started (Hibernate's counts). */
  public Database.Counts databaseCounts() {
    return db.counts();
  }

  public IdentityStore identity() {
    return identity;
  }

  /** The callers' IAM policies as stored now (what a Walrus in this process checks requests against). */
  public org.eucalyptus.common.policy.PolicySource policies() {
    return policies;
  }

  /** The snapshots' store (clc-snapshots). */
  public org.eucalyptus.clc.snapshots.SnapshotStore snapshots() {
    return snapshots;
  }

  public ImageStore images() {
    return images;
  }

  /** The volumes' store (clc-volumes); also the VolumeLookup the snapshots' actions ask. */
  public org.eucalyptus.clc.volumes.VolumeStore volumes() {
    return volumeStore;
  }

  public CloudProperties properties() {
    return properties;
  }

  public CloudCa ca() {
    return ca;
  }

  /** The zones' storage controllers, signed, as the EBS actions reach them (clc-plumbing). */
  public org.eucalyptus.clc.storage.StorageControllers storageControllers() {
    return storageControllers;
  }

  /** The certificates of the enrolled nodes, by cluster and node service URL (clc-plumbing). */
  public org.eucalyptus.clc.storage.NodeCertificates nodeCertificates() {
    return nodeCertificates;
  }

  public AccessKeyOwner admin() {
    return admin;
  }

  public ClcSettings settings() {
    return settings;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String region() {
    return region;
  }

  @Override
  public void close() {
    if (leadership != null) {
      leadership.close(); // the singleton work stops; another front end may take it at once
    }
    if (frontEnds != null) {
      frontEnds.close();
    }
    if (clusterNetworks != null) {
      clusterNetworks.close();
    }
    if (enrollment != null) {
      enrollment.close();
    }
    if (storageEnrollment != null) {
      storageEnrollment.close();
    }
    if (ec2Soap != null) {
      ec2Soap.close();
    }
    if (sync != null) {
      sync.close();
    }
    if (storageSync != null) {
      storageSync.close();
    }
    if (usage != null) {
      usage.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
