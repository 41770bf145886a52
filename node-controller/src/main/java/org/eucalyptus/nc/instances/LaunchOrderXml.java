package org.eucalyptus.nc.instances;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.eucalyptus.common.xml.XmlDocuments;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A launch request as the checkpoint keeps it: the ncRunInstance element the node received, as
 * nodes have always written it (so a node upgraded in place reads the records of the instances it
 * runs), written and read here without the generated message types.
 */
final class LaunchOrderXml {
  static final String NS = "http://eucalyptus.ucsb.edu/";
  private static final DatatypeFactory DATATYPES;

  static {
    try {
      DATATYPES = DatatypeFactory.newInstance();
    } catch (DatatypeConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private LaunchOrderXml() {}

  static String write(LaunchOrder r) {
    StringWriter out = new StringWriter();
    try {
      // The JDK's own writer: newFactory() would look for providers in every jar on each launch, and
      // concurrent launches queued on those jars' locks (250 ms per ncRunInstance at 100 simulated nodes).
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.setDefaultNamespace(NS);
      w.writeStartElement(NS, "ncRunInstance");
      w.writeDefaultNamespace(NS);
      text(w, "correlationId", r.correlationId());
      text(w, "userId", r.userId());
      text(w, "imageId", r.imageId());
      text(w, "kernelId", r.kernelId());
      text(w, "ramdiskId", r.ramdiskId());
      text(w, "imageURL", r.imageUrl());
      text(w, "kernelURL", r.kernelUrl());
      text(w, "ramdiskURL", r.ramdiskUrl());
      text(w, "ownerId", r.ownerId());
      text(w, "accountId", r.accountId());
      text(w, "reservationId", r.reservationId());
      text(w, "instanceId", r.instanceId());
      text(w, "uuid", r.uuid());
      if (r.machine() != null) {
        LaunchOrder.Machine m = r.machine();
        w.writeStartElement(NS, "instanceType");
        text(w, "name", m.name());
        text(w, "memory", Integer.toString(m.memoryMb()));
        text(w, "cores", Integer.toString(m.cores()));
        text(w, "disk", Integer.toString(m.diskGb()));
        for (LaunchOrder.BootRecord b : m.bootRecords()) {
          w.writeStartElement(NS, "virtualBootRecord");
          text(w, "resourceLocation", b.resourceLocation());
          text(w, "guestDeviceName", b.guestDeviceName());
          text(w, "size", Long.toString(b.size()));
          text(w, "format", b.format());
          text(w, "id", b.id());
          text(w, "type", b.type());
          text(w, "chapUser", b.chapUser());
          text(w, "chapPassword", b.chapPassword()); // sealed for this node
          w.writeEndElement();
        }
        w.writeEndElement();
      }
      text(w, "keyName", r.keyName());
      if (r.network() != null) {
        LaunchOrder.Network n = r.network();
        w.writeStartElement(NS, "netParams");
        text(w, "privateMacAddress", n.privateMacAddress());
        text(w, "privateIp", n.privateIp());
        text(w, "publicIp", n.publicIp());
        text(w, "vlan", n.vlan() == null ? null : n.vlan().toString());
        text(w, "networkIndex", n.networkIndex() == null ? null : n.networkIndex().toString());
        text(w, "bridge", n.bridge());
        w.writeEndElement();
      }
      text(w, "userData", r.userData());
      text(w, "launchIndex", r.launchIndex());
      text(w, "platform", r.platform());
      text(w, "expiryTime", r.expiryTime() == null ? null : r.expiryTime().toString());
      for (String g : r.groupNames()) {
        text(w, "groupNames", g);
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write a launch request: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    if (value != null) {
      w.writeStartElement(NS, name);
      w.writeCharacters(value);
      w.writeEndElement();
    }
  }

  /** The request in {@code xml}; a malformed record fails with IllegalArgumentException. */
  static LaunchOrder read(String xml) throws Exception {
    Element root = XmlDocuments.parse(xml).getDocumentElement();
    if (!"ncRunInstance".equals(root.getLocalName()) || !NS.equals(root.getNamespaceURI())) {
      throw new IllegalArgumentException("not a launch request: " + root.getNodeName());
    }
    Element m = child(root, "instanceType");
    LaunchOrder.Machine machine = null;
    if (m != null) {
      List<LaunchOrder.BootRecord> boots = new ArrayList<>();
      for (Element b : children(m, "virtualBootRecord")) {
        boots.add(new LaunchOrder.BootRecord(text(b, "resourceLocation"), text(b, "guestDeviceName"),
            Long.parseLong(text(b, "size")), text(b, "format"), text(b, "id"), text(b, "type"), text(b, "chapUser"),
            text(b, "chapPassword")));
      }
      machine = new LaunchOrder.Machine(text(m, "name"), Integer.parseInt(text(m, "memory")),
          Integer.parseInt(text(m, "cores")), Integer.parseInt(text(m, "disk")), boots);
    }
    Element n = child(root, "netParams");
    LaunchOrder.Network network = n == null ? null : new LaunchOrder.Network(text(n, "privateMacAddress"),
        text(n, "privateIp"), text(n, "publicIp"), integer(n, "vlan"), integer(n, "networkIndex"), text(n, "bridge"));
    String expiry = text(root, "expiryTime");
    Instant expiryTime = expiry == null ? null : DATATYPES.newXMLGregorianCalendar(expiry).toGregorianCalendar()
        .toInstant();
    return new LaunchOrder(text(root, "correlationId"), text(root, "userId"), text(root, "instanceId"),
        text(root, "reservationId"), text(root, "uuid"), text(root, "imageId"), text(root, "kernelId"),
        text(root, "ramdiskId"), text(root, "imageURL"), text(root, "kernelURL"), text(root, "ramdiskURL"),
        text(root, "ownerId"), text(root, "accountId"), text(root, "keyName"), machine, network,
        text(root, "userData"), text(root, "launchIndex"), text(root, "platform"), expiryTime,
        children(root, "groupNames").stream().map(Element::getTextContent).toList());
  }

  private static Integer integer(Element parent, String name) {
    String t = text(parent, name);
    return t == null ? null : Integer.valueOf(t.trim());
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent();
  }

  private static Element child(Element parent, String name) {
    List<Element> all = children(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e && name.equals(e.getLocalName()) && NS.equals(e.getNamespaceURI())) {
        out.add(e);
      }
    }
    return out;
  }
}
