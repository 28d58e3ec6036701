package io.echodb.testing.peerdb;

import io.echodb.testing.peerdb.PeerDbEmulator.Peer;
import io.echodb.testing.peerdb.PeerDbProtos.FlowConnectionConfigs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The emulated catalog: peers, mirrors, the mirror log table, the create requests received and the database
 * objects the emulator created. Every method synchronises on this object; {@link Mirror} fields are guarded by
 * the same monitor.
 */
final class PeerDbState {

    /** A slot or publication the emulator created in a source database. */
    record CreatedObject(String peer, Kind kind, String name) {
        enum Kind {
            SLOT,
            PUBLICATION
        }
    }

    private final List<Peer> configuredPeers;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Mirror> mirrors = new LinkedHashMap<>();
    private final List<MirrorLogEntry> logs = new ArrayList<>();
    private final List<ReceivedCreateRequest> createRequests = new ArrayList<>();
    private final Set<CreatedObject> created = new LinkedHashSet<>();
    private long lastMirrorId;
    private int lastLogId;

    PeerDbState(List<Peer> configuredPeers) {
        this.configuredPeers = List.copyOf(configuredPeers);
        configuredPeers.forEach(peer -> peers.put(peer.name(), peer));
    }

    synchronized Optional<Peer> peer(String name) {
        return Optional.ofNullable(peers.get(name));
    }

    synchronized List<Peer> peers() {
        return List.copyOf(peers.values());
    }

    /** Stores a peer; an existing one is replaced only when {@code replace}. Returns whether it was stored. */
    synchronized boolean putPeer(Peer peer, boolean replace) {
        if (!replace && peers.containsKey(peer.name())) {
            return false;
        }
        peers.put(peer.name(), peer);
        return true;
    }

    synchronized Optional<Mirror> mirror(String name) {
        return Optional.ofNullable(mirrors.get(name));
    }

    synchronized List<Mirror> mirrors() {
        return List.copyOf(mirrors.values());
    }

    /** Inserts the catalog row of a new mirror in {@code STATUS_SETUP}. */
    synchronized Mirror addMirror(FlowConnectionConfigs config) {
        Mirror mirror = new Mirror(++lastMirrorId, config, Instant.now());
        mirrors.put(mirror.name, mirror);
        return mirror;
    }

    /** Whether {@code mirror} is still the catalog's row for its name. */
    synchronized boolean isCurrent(Mirror mirror) {
        return mirrors.get(mirror.name) == mirror;
    }

    synchronized void removeMirror(Mirror mirror) {
        mirrors.remove(mirror.name, mirror);
    }

    /** Appends a row to the mirror log table. */
    synchronized MirrorLogEntry log(String flowName, String level, String message) {
        MirrorLogEntry entry = new MirrorLogEntry(++lastLogId, flowName, message, level, Instant.now());
        logs.add(entry);
        return entry;
    }

    synchronized List<MirrorLogEntry> logs() {
        return List.copyOf(logs);
    }

    synchronized void recordCreateRequest(ReceivedCreateRequest request) {
        createRequests.add(request);
    }

    synchronized List<ReceivedCreateRequest> createRequests() {
        return List.copyOf(createRequests);
    }

    synchronized void created(CreatedObject object) {
        created.add(object);
    }

    synchronized void dropped(CreatedObject object) {
        created.remove(object);
    }

    /**
     * Forgets mirrors, logs and requests and restores the configured peers. Returns the objects the emulator
     * had created, for the caller to drop.
     */
    synchronized List<CreatedObject> clear() {
        mirrors.values().forEach(mirror -> mirror.epoch++);
        mirrors.clear();
        logs.clear();
        createRequests.clear();
        peers.clear();
        configuredPeers.forEach(peer -> peers.put(peer.name(), peer));
        List<CreatedObject> toDrop = List.copyOf(created);
        created.clear();
        return toDrop;
    }
}
