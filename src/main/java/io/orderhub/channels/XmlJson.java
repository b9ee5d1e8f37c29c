package io.orderhub.channels;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the XML representation of JSON defined by XPath 3.1 ({@code fn:xml-to-json}): {@code map},
 * {@code array}, {@code string}, {@code number}, {@code boolean} and {@code null} elements, members
 * named by a {@code key} attribute. An XSLT 1.0 mapping writes that vocabulary, so XML channels end in
 * the same canonical draft (maps, lists, strings, exact decimals) as every other channel without
 * string-built JSON. Numbers are read from their text as {@code Long} or {@code BigDecimal}: an XSLT
 * 1.0 number is a double, so money is written as a {@code string} element and never computed in XSLT.
 */
final class XmlJson {

    private XmlJson() {
    }

    static Object toValue(Node result) {
        Element root = result instanceof Document d ? d.getDocumentElement() : firstElement(result);
        return root == null ? null : value(root);
    }

    /**
     * The record's text where the mapping writes a number: a value that is not one is the record's
     * own fault (an error-file line naming the field), not a failure that would leave the file in
     * the inbox to be read again and again.
     */
    private static Object number(Element e, String text) {
        if (text.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(text);
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            throw new UnconvertibleValueException(path(e), text, "is not a number");
        }
    }

    /** The canonical path of an element of the XPath JSON form (items[0].quantity). */
    private static String path(Element e) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (Node n = e; n instanceof Element el && n.getParentNode() instanceof Element parent; n = parent) {
            String kind = parent.getLocalName() != null ? parent.getLocalName() : parent.getTagName();
            if ("array".equals(kind)) {
                int i = 0;
                for (Node c = parent.getFirstChild(); c != null && c != el; c = c.getNextSibling()) {
                    if (c instanceof Element) {
                        i++;
                    }
                }
                parts.addFirst("[" + i + "]");
            } else {
                parts.addFirst("." + el.getAttribute("key"));
            }
        }
        String p = String.join("", parts);
        return p.isEmpty() ? "$" : p.startsWith(".") ? p.substring(1) : p;
    }

    private static Element firstElement(Node n) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static final Object ABSENT = new Object();

    private static Object value(Element e) {
        String kind = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
        switch (kind) {
            case "map" -> {
                Map<String, Object> o = new LinkedHashMap<>();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m) {
                        Object v = value(m);
                        if (v != ABSENT) {
                            o.put(m.getAttribute("key"), v);
                        }
                    }
                }
                return o;
            }
            case "array" -> {
                List<Object> a = new ArrayList<>();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element m) {
                        Object v = value(m);
                        if (v != ABSENT) {
                            a.add(v);
                        }
                    }
                }
                return a;
            }
            case "null" -> {
                return null;
            }
            default -> {
                String text = e.getTextContent();
                return switch (kind) {
                    // an empty string element is an absent value: XSLT cannot easily leave a member out
                    case "string" -> text.isEmpty() ? ABSENT : text;
                    case "number" -> text.isBlank() ? ABSENT : number(e, text.trim());
                    case "boolean" -> text.isBlank() ? ABSENT : Boolean.parseBoolean(text.trim());
                    default -> throw new IllegalArgumentException("not an XPath JSON element: " + e.getTagName());
                };
            }
        }
    }
}
