package io.echodb.testing.peerdb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link PeerDbEmulator} field of a test class that {@link PeerDbEmulatorTestResource} fills with the
 * running emulator:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(PeerDbEmulatorTestResource.class)
 * class MirrorServiceTest {
 *     @InjectPeerDbEmulator
 *     PeerDbEmulator peerdb;
 *
 *     @BeforeEach
 *     void forgetEarlierMirrors() {
 *         peerdb.reset();
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectPeerDbEmulator {}
