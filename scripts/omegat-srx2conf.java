// Converts an SRX 2.0 file into OmegaT 3.6's project segmentation,
// omegat/segmentation.conf: OmegaT 3.x keeps a project's rules as a
// java.beans.XMLEncoder dump of org.omegat.core.segmentation.SRX (SRX files
// are read only from 4.x/5.x on), so the conversion uses OmegaT's own
// classes and SRX.saveTo, which also stamps the current version (an older
// version would be merged with OmegaT's defaults on load).
//
// Usage: java -cp /usr/share/omegat/OmegaT.jar scripts/omegat-srx2conf.java IN.srx OUT.conf
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.omegat.core.segmentation.MapRule;
import org.omegat.core.segmentation.Rule;
import org.omegat.core.segmentation.SRX;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class Srx2Conf {
    static final String NS = "http://www.lisa.org/srx20";

    static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagNameNS(NS, name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    public static void main(String[] args) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new File(args[0]));
        Map<String, List<Rule>> byName = new HashMap<>();
        NodeList lrs = doc.getElementsByTagNameNS(NS, "languagerule");
        for (int i = 0; i < lrs.getLength(); i++) {
            Element lr = (Element) lrs.item(i);
            List<Rule> rules = new ArrayList<>();
            NodeList rs = lr.getElementsByTagNameNS(NS, "rule");
            for (int j = 0; j < rs.getLength(); j++) {
                Element r = (Element) rs.item(j);
                rules.add(new Rule(!"no".equals(r.getAttribute("break")), text(r, "beforebreak"), text(r, "afterbreak")));
            }
            byName.put(lr.getAttribute("languagerulename"), rules);
        }
        List<MapRule> maps = new ArrayList<>();
        NodeList ms = doc.getElementsByTagNameNS(NS, "languagemap");
        for (int i = 0; i < ms.getLength(); i++) {
            Element m = (Element) ms.item(i);
            String name = m.getAttribute("languagerulename");
            maps.add(new MapRule(name, m.getAttribute("languagepattern"), byName.get(name)));
        }
        SRX srx = new SRX();
        srx.setMappingRules(maps);
        srx.setSegmentSubflows(true);
        srx.setIncludeEndingTags(true);
        srx.setIncludeIsolatedTags(true);
        SRX.saveTo(srx, new File(args[1]));
        System.err.println("omegat-srx2conf: " + maps.size() + " language maps written to " + args[1]);
    }
}
