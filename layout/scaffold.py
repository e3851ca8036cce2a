"""`banmian init NAME`: a new spec folder that renders at once and shows each part of the spec
language once, so a designer starts from a working page instead of a blank file.

The folder holds NAME.yaml (named after the folder, so its PDF is build/NAME.pdf and two
projects rendered from one place never share an output; `init`'s hint and the README both
run the commands from the folder, so it lands in NAME/build/), the body text under text/, the
figures the text and the chart print (figures.csv), two photos drawn here at the resolution
their frames need, and a README. It is written into a temporary folder beside NAME and renamed
into place at the end, so a failed init leaves nothing half-made, and nothing the user wrote is
ever overwritten.
"""

from __future__ import annotations

import io
import math
import os
import random
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TextIO

from PIL import Image, ImageDraw

from .diag import Diagnostic, SpecError
from .geometry import Grid
from .grid import grid_of
from .spec.page import PRESETS
from .units import MM

ZI, LEAD = 9.0, 13.5  # 小五 body on a 13.5pt line, as in the samples
PPI = 300  # output.ppi the spec writes; photos are drawn with this many pixels for their frame


@dataclass(frozen=True)
class Paper:
    """A page preset with the grid a new spec puts on it; sizes and grid maths are the spec's
    own (layout/spec/page.py, layout/grid.py)."""

    preset: str
    columns: int
    column: int  # 字 per column
    comment: str

    @property
    def trim(self) -> tuple[float, float]:
        return PRESETS[self.preset][0]  # mm

    @property
    def area(self) -> tuple[float, float]:
        return PRESETS[self.preset][1]  # mm

    @cached_property
    def grid(self) -> Grid:
        return grid_of((self.trim[0] * MM, self.trim[1] * MM),
                       (self.area[0] * MM, self.area[1] * MM), 1, ZI, LEAD, self.columns,
                       self.column, 1.0, int((self.area[1] * MM + 0.01) // LEAD))

    @property
    def lines(self) -> int:
        return self.grid.lines

    @property
    def width(self) -> float:
        """Grid width in pt (columns and 1字 gutters)."""
        return self.grid.width

    def x(self, col: int) -> float:
        """Left edge of column `col`, in mm from the page's trim edge (the grid is centred)."""
        return self.grid.col_x(0, col) / MM

    def y(self, line: int) -> float:
        """Top of grid line `line`, in mm from the trim's top edge."""
        return self.grid.row_y(line) / MM


PAPERS = {
    "broadsheet": Paper("broadsheet", 8, 13, "对开 390 × 550 mm, 版心 350 × 490 mm"),
    "tabloid": Paper("tabloid", 5, 14, "四开 275 × 390 mm, 版心 245 × 350 mm"),
}


@dataclass(frozen=True)
class At:
    """A block's place on the grid; `page` 0 means the spread (across the fold)."""

    page: int
    col: int
    span: int
    line: int
    lines: int
    columns: int | None = None  # text columns inside the block

    def yaml(self, spread: bool) -> str:
        page = "spread" if self.page == 0 else str(self.page)
        where = f"page: {page}, " if spread else ""
        return (f"{{{where}col: {self.col}, span: {self.span}, line: {self.line}, "
                f"lines: {self.lines}}}")

    def size_mm(self, paper: Paper, caption_lines: int = 0) -> tuple[float, float]:
        """Width and height in mm; across the fold the width takes in both inner margins."""
        first, last = divmod(self.col - 1, paper.columns), divmod(self.col + self.span - 2,
                                                                  paper.columns)
        x0 = first[0] * paper.trim[0] + paper.x(first[1] + 1)
        x1 = last[0] * paper.trim[0] + paper.x(last[1] + 1) + paper.column * ZI / MM
        return x1 - x0, (self.lines - caption_lines) * LEAD / MM


# ── the words ─────────────────────────────────────────────────────────────────────────────
# Every figure the text prints is in FIGURES too: banmian checks the one against the other.

FIGURES = """\
id,label,value,unit,change,share,share_says,says,blocks
gdp,地区生产总值,128.6,亿元,6.8,,,,
fai,固定资产投资,57.4,亿元,12.5,,,,
retail,社会消费品零售总额,49.8,亿元,7.6,,,,
industry,规模以上工业增加值,41.3,亿元,9.2,,,,
revenue,一般公共预算收入,8.72,亿元,10.4,56.3,占年度预算的,,
projects,重点项目完成投资,31.6,亿元,,54.8,占年度计划的,,
tea,茶叶总产量,6850,吨,8.1,,,,
teavalue,茶产业综合产值,23.5,亿元,15.2,,,,
visitors,接待游客,386,万人次,24.6,,,,
tourism,旅游综合收入,31.2,亿元,28.3,,,,
income,农村居民人均可支配收入,10580,元,8.4,,,,
jobs,城镇新增就业,3260,人,,,,,
"""

TEXTS: dict[str, tuple[str, ...]] = {
    "lead": (
        "今年以来，青溪县坚持稳中求进工作总基调，围绕“生态立县、工业强县、茶旅兴县”发展思路，"
        "一手抓项目建设和产业升级，一手抓民生保障和环境优化，全县经济运行呈现总体平稳、稳中有进、"
        "质效齐升的良好态势。",
        "经济总量稳步扩大。据县统计局最新数据，上半年全县实现地区生产总值128.6亿元，同比增长"
        "6.8%，增速高于全市平均水平1.1个百分点，比一季度加快0.4个百分点，主要经济指标增速继续"
        "保持全市第一方阵。",
        "工业经济提质增效。全县规模以上工业增加值41.3亿元，同比增长9.2%。新材料、绿色食品和装备"
        "制造三大主导产业合计增长13.6%，对规上工业增长的贡献率超过六成。青溪经济开发区新签约入园"
        "项目17个，新投产企业9家，新增规上工业企业12家，园区亩均税收同比提高近一成。",
        "农业农村稳中有升。全县粮食播种面积稳定在18.6万亩，夏粮喜获丰收；茶叶、高山蔬菜、中药材等"
        "特色产业加快发展，新增省级农业产业化龙头企业3家、家庭农场46家，农村一二三产业融合发展"
        "势头良好。",
        "有效投资持续扩大。上半年，全县完成固定资产投资57.4亿元，同比增长12.5%，其中工业投资增长"
        "19.3%。48个县级重点项目完成投资31.6亿元，占年度计划的54.8%，实现“时间过半、任务过半”。"
        "青溪至临江快速通道、县城污水处理厂提标改造、白岩茶山旅游环线等一批打基础、利长远的项目"
        "加快推进。",
        "消费市场回暖向好。全县社会消费品零售总额49.8亿元，同比增长7.6%。县城新开业城市综合体"
        "1座，“夜青溪”特色街区周末客流突破3万人次；电子商务蓬勃发展，茶叶、笋干、山茶油等农特"
        "产品通过直播间走出大山，网络零售额同比增长31.5%。",
        "营商环境不断优化。县政务服务中心推行“一窗受理、集成服务”，企业开办时间压缩至1个工作日"
        "以内；开展“千名干部进千企”活动，帮助企业解决用工、融资、用地等问题326个，新增市场主体"
        "4860户。",
        "财政金融运行平稳。全县一般公共预算收入8.72亿元，同比增长10.4%，占年度预算的56.3%，"
        "其中税收收入占比达79.7%。6月末，全县金融机构各项贷款余额较年初增加21.4亿元，有力支持了"
        "实体经济发展。",
        "民生福祉持续增进。上半年，全县民生支出占一般公共预算支出的81.2%，十项民生实事完成年度"
        "投资的六成以上。城镇新增就业3260人；农村居民人均可支配收入10580元，同比增长8.4%，增速"
        "快于城镇居民2.1个百分点，城乡收入差距进一步缩小。",
        "对外开放步伐加快。上半年，全县新引进市外资金项目36个，到位市外资金42.7亿元，同比增长"
        "18.6%；外贸进出口总额完成9.3亿元，茶叶、竹制品出口保持两位数增长。",
        "生态环境持续改善。全县空气质量优良天数比例达到97.8%，出境断面水质稳定达标，新增国土绿化"
        "面积1.2万亩，“绿水青山就是金山银山”的底色更加鲜明。",
        "县委主要负责同志表示，上半年成绩的取得，靠的是全县上下真抓实干、奋勇争先。下半年，青溪将"
        "紧盯全年目标任务不放松，在抓项目、强产业、优环境、惠民生上持续用力，推动茶旅融合向纵深"
        "发展，确保全年经济社会发展目标任务圆满完成。",
    ),
    "comment": (
        "上半年的成绩单来之不易。面对市场需求偏弱、部分企业经营承压等困难，青溪没有等靠观望，"
        "而是把功夫下在项目上、把心思用在企业里、把服务送到现场去，一项项指标由此稳住了、提升了。",
        "数字背后，是一个个项目的拔节生长，是一家家企业的稳健前行，也是一户户群众的真切感受。成绩"
        "面前，既要看到“量”的增长，更要看到“质”的提升：三大主导产业挑起大梁，茶旅融合蹚出新路，"
        "民生支出占比保持高位，这些变化比单纯的增速更有分量。",
        "“时间过半、任务过半”是一份阶段答卷，更是下半程的新起点。越是形势向好，越要清醒看到短板："
        "工业体量仍然偏小，科技创新能力有待增强，城乡区域发展还不够均衡。",
        "下半年，稳增长的任务依然艰巨。要在招大引强上再加力，盯紧签约项目落地、落地项目投产；要在"
        "惠企纾困上再用心，让政策红利直达快享；要在改善民生上再发力，让群众看到变化、得到实惠。",
        "稳增长，根子在实体经济，关键在项目。要把招商引资作为“一号工程”，把项目建设作为“头号任务”，"
        "以“一天也不耽误”的劲头抓落实，用项目建设的加速度拼出经济发展的高质量。",
        "行百里者半九十。唯有保持定力、久久为功，把每一个项目当作“当家项目”来抓，把每一件民生实事"
        "当作“自家事情”来办，才能把绿水青山的生态优势持续转化为高质量发展的胜势。",
    ),
    "tea": (
        "清晨六点，云雾还没散尽，白岩村的茶山上已是一片忙碌。采茶工背着竹篓穿行在茶垄间，指尖上下"
        "翻飞，一芽一叶轻轻落入篓中。",
        "“今年春茶行情好，鲜叶收购价比去年高了两成。一个采茶季下来，村里不少人家能增收两三万元。”"
        "村党支部书记周建林一边帮着过秤，一边和记者拉起了家常。",
        "从县城出发，沿着盘山公路行驶四十多分钟，便到了白岩村。这里平均海拔800多米，终年云雾缭绕，"
        "土壤富含硒元素，是公认的优质茶叶产区。村里的茶园大多沿山而建，一层层茶垄像绿色的绸带，"
        "缠绕在山腰间。",
        "茶，是青溪最亮的一张名片。全县现有茶园12.6万亩，上半年茶叶总产量6850吨，同比增长8.1%；"
        "茶产业综合产值23.5亿元，同比增长15.2%，带动近4万名茶农稳定增收。",
        "产业做大，关键在于把链条拉长。近年来，青溪引进和培育茶叶精深加工企业23家，开发出茶饮料、"
        "茶点心、茶多酚提取物等40多个产品，一片叶子的附加值成倍提升。在县经济开发区的青溪茶业公司"
        "生产车间里，两条自动化生产线满负荷运转，刚刚下线的冷泡茶将发往长三角、珠三角的商超。",
        "品牌打响了，好茶才能卖出好价钱。“青溪云雾”获评国家地理标志证明商标后，县里推行统一标准、"
        "统一包装、统一推介，持续开展茶园绿色认证。目前，全县通过绿色食品认证的茶园达到5.8万亩，"
        "“青溪云雾”品牌价值评估突破30亿元。",
        "科技也在给茶山“加码”。县农业农村局与省农科院茶叶研究所合作，在白岩村建起茶园物联网监测站，"
        "土壤墒情、病虫害情况实时传到茶农手机上。“过去施肥打药靠经验，现在看数据，茶叶品质更稳了。”"
        "茶农周德顺说。",
        "茶旅融合，让茶园变成了景区。沿着新修的茶山旅游环线，游客可以采茶、制茶、品茶，在茶山民宿"
        "里住上一晚，听一听山里的鸟叫虫鸣。白岩村去年发展民宿26家，今年“五一”假期家家客满。",
        "“一亩茶园光卖鲜叶，收入五六千元；加上研学、民宿和农家饭，综合收益能翻一番。”周建林给记者"
        "算了一笔账，“守着这片茶山，年轻人也愿意回来了。”",
        "今年28岁的吴晓雯就是回乡创业的年轻人之一。大学毕业后，她在杭州做过三年电商运营，前年回到"
        "白岩村，注册了自己的茶叶品牌，在直播间里讲茶山故事、教大家泡茶。“去年线上卖了1.6万多单，"
        "今年上半年已经接近去年全年。”",
        "在她的带动下，村里先后有11名年轻人回到茶山，有的做直播，有的搞设计，有的开起了茶山咖啡馆。"
        "周德顺笑着说：“过去茶叶是论斤卖，现在是论‘故事’卖，年轻人的点子多。”",
        "茶山的变化，也写在村民的账本上。去年白岩村村集体经济收入突破80万元，村民人均收入比五年前"
        "翻了一番。村里用集体收益修了文化广场，办起了老年食堂，还给考上大学的孩子发放奖学金。",
        "白岩村的蝶变，是青溪茶产业发展的一个缩影。如今，全县已建成万亩茶叶示范基地5个、千亩茶园"
        "专业村43个，培育茶叶专业合作社186家，“公司+合作社+农户”的利益联结机制让茶农在产业链上"
        "分享更多收益。",
        "“下一步，我们打算把村里闲置的老房子改造成茶文化体验馆，再办一个茶艺培训班，让更多村民"
        "端上‘技术饭碗’。”说起村里的规划，周建林信心满满。",
        "傍晚，夕阳落在层层叠叠的茶垄上。山脚下的加工厂里，杀青机还在轰鸣作响，新茶的清香顺着山风"
        "飘出很远很远。",
    ),
    "tourism": (
        "上半年，全县接待游客386万人次，同比增长24.6%；实现旅游综合收入31.2亿元，"
        "同比增长28.3%，两项指标均创历史同期新高。",
        "青溪深挖山水资源和民俗文化，推出“茶乡慢游”“古道探秘”“溪畔露营”三条精品线路，举办采茶"
        "文化节、山地自行车赛等节会赛事12场。白岩村、石门村入选省级乡村旅游重点村，全县等级民宿"
        "达到148家，乡村旅游直接带动就业1.2万人。",
        "下一步，青溪将加快旅游环线提档升级、智慧景区建设和民宿集群发展，推动旅游业由“门票经济”"
        "向“产业经济”转变，让更多群众端稳“生态碗”、吃上“旅游饭”。",
    ),
    "people": (
        "民生连着民心。今年，青溪县把新增财力的七成以上用于民生，年初确定的十项民生实事已完成年度"
        "投资的六成以上，一批群众家门口的“小事”“难事”正在变成“好事”“实事”。",
        "教育更均衡。县第二实验小学、城东幼儿园建成投用，新增学位2160个；全县32所乡村学校完成"
        "“智慧课堂”改造，山里的孩子也能同步收看城区名师课堂。",
        "看病更方便。县人民医院与省城三甲医院组建5个专科联盟，远程会诊覆盖全部乡镇卫生院；家庭"
        "医生签约服务重点人群覆盖率达到86%以上，群众在家门口就能看上专家号。",
        "养老更安心。新建乡镇区域养老服务中心4个、村级互助幸福院21个，为1.1万名80周岁以上老人按月"
        "发放高龄津贴。在城关镇幸福院，82岁的李桂英老人每天都来这里吃午饭、聊家常：“饭菜软和"
        "合口味，一顿只要三块钱，儿女在外打工也放心。”",
        "出行更顺畅。新改建农村公路86公里，完成危桥改造11座，新开通城乡公交线路5条，全县行政村通"
        "客车率保持100%，“晴天一身灰、雨天一身泥”成为历史。",
        "就业更充分。县里举办“春风行动”等各类招聘活动24场，城镇新增就业3260人，帮助1850名农村"
        "劳动力实现转移就业，发放创业担保贷款1.35亿元，扶持创业1020人。",
        "住房更宜居。全县实施城镇老旧小区改造12个，惠及居民2380户；完成农村危房改造和抗震加固"
        "318户，县城新建口袋公园9个，群众推窗见绿、出门进园。",
        "“这些实事件件都办到了我们心坎上。”在城东社区，居民王秀兰说，小区改造后加装了电梯，楼下"
        "还建起了小广场，“以前下楼都发愁，现在天天下来转一转。”",
        "饮水更安全。投资1.2亿元实施城乡供水一体化工程，新建改造供水管网136公里，农村自来水普及率"
        "提高到98.5%，山区群众告别了“靠天吃水”的日子。",
        "办事更便捷。县里把146项高频政务服务事项下放到乡镇便民服务中心，群众办理社保、医保、户籍"
        "等业务“就近办、一次办”。",
        "兜底更有力。全县发放城乡低保、特困供养等各类救助资金9260万元，为困难群众办理医疗救助"
        "4300余人次，确保困难群众基本生活有保障。",
        "文化更丰富。全县新建城市书房6个、村级文化广场32个，“送戏下乡”演出120场，“村晚”“村BA”"
        "等群众文化活动办得红红火火。",
        "安全更有保障。全县开展安全生产和消防安全专项整治，排查整改各类隐患1360处；新建改造农村"
        "应急广播1260套，汛期来临前完成山塘水库除险加固27座，守护群众平安度汛。",
        "托育更暖心。县里新建普惠性托育机构3家，新增托位280个，让“带娃难”的年轻父母少了后顾之忧；"
        "城区14所中小学全部开展课后延时服务，家长接送更从容了。",
        "特殊群体同样被放在心上。全县为1260名困难重度残疾人发放护理补贴，为留守儿童建起“爱心驿站”"
        "38个，组织志愿者开展结对关爱活动1500多次。",
        "一件件民生实事落地见效，托起群众稳稳的幸福。县政府有关负责人表示，下半年将继续聚焦群众"
        "急难愁盼，把民生实事办实办好，让群众的获得感、幸福感、安全感成色更足。",
    ),
    "park": (
        "走进青溪经济开发区，塔吊林立，机器轰鸣。在青溪新材料产业园，总投资12亿元的高性能复合材料"
        "项目一期已经投产，二期厂房正在进行主体施工。",
        "“从签约到投产只用了14个月，比我们预想的快了半年。”企业负责人说，园区提供“拿地即开工”"
        "“全程代办”等服务，让企业少跑腿、早投产。",
        "在青溪绿色食品产业园，一座座标准化厂房拔地而起。园区负责人介绍，产业园规划面积3200亩，"
        "已入驻茶饮料、山茶油、竹笋加工等企业37家，上半年实现产值18.4亿元。",
        "在青溪装备制造产业园，一家生产精密液压件的企业正在加紧调试新设备。企业负责人告诉记者，"
        "今年企业投入3800万元实施智能化改造，生产效率提高了35%，订单已经排到了10月份。",
        "开发区是全县工业经济的主战场。近年来，青溪坚持“链长制”招商，围绕新材料、绿色食品、装备"
        "制造三条产业链精准招引上下游企业，上半年新签约亿元以上项目11个，总投资86亿元。",
        "创新是园区发展的“源头活水”。开发区与省内6所高校、科研院所共建研发平台，上半年新增高新"
        "技术企业8家、省级专精特新中小企业5家，高新技术产业增加值占规上工业的比重达到42.6%。",
        "园区也在向“绿”转型。开发区建成分布式光伏电站12兆瓦，实施企业节能技改项目19个，单位工业"
        "增加值能耗同比下降4.3%，一批企业获评省级绿色工厂。",
        "数字化转型也在园区加速推进。开发区建成5G基站46个，实现重点企业全覆盖，已有28家企业上云"
        "用数，建成省级数字化车间4个、智能工厂2家。",
        "项目建设离不开要素保障。开发区创新“标准地+承诺制”供地模式，企业拿地后即可开工建设；设立"
        "5亿元产业发展基金，联合金融机构推出“园区贷”，帮助中小企业破解融资难题。",
        "人才是企业最缺的资源之一。开发区建成人才公寓420套，与县职业中专共建“订单班”，每年为园区"
        "企业输送技术工人600余名。",
        "“园区就是我们的‘娘家’。”谈起开发区的服务，多家企业负责人不约而同地竖起大拇指。今年以来，"
        "开发区组织银企对接会6场，帮助企业融资4.6亿元，解决用工需求2300多人次。",
        "开发区管委会负责人表示，下半年将加快标准厂房建设和闲置低效用地盘活，力争全年新增规上工业"
        "企业20家以上，为县域经济高质量发展注入更强动能。",
    ),
    "interview": (
        "上半年，青溪县主要经济指标实现较快增长。如何看待这份成绩单？下半年有哪些打算？记者专访了"
        "青溪县县长林志远。",
        "记者：上半年青溪经济运行有哪些亮点？",
        "林志远：最大的亮点是“稳中有进”。稳，体现在主要指标增速都保持在合理区间，就业、物价总体"
        "稳定；进，体现在结构在优化、动能在增强。三大主导产业对工业增长的贡献率超过六成，茶旅融合"
        "带动服务业较快增长，这些都说明青溪的发展质量在提升。",
        "记者：青溪山多地少，发展工业有哪些考虑？",
        "林志远：山区县发展工业，不能走“摊大饼”的老路。我们坚持生态优先，在产业选择上设了“门槛”，"
        "高耗能、高污染项目一律不引进。同时把有限的土地集中到开发区，提高亩均产出，让每一亩土地"
        "都产生更大的效益。这几年，开发区的亩均税收提高了近一倍，工业用地越来越“值钱”，山水也越来越"
        "清，这笔账我们算得很清楚。",
        "记者：茶产业是青溪的传统优势，如何让它更好地带动群众增收？",
        "林志远：关键是延伸产业链、提升价值链。一方面抓精深加工，把茶叶变成饮料、食品和日化原料；"
        "另一方面抓茶旅融合，让茶园变成景区、茶农变成“股东”。我们还要培育更多像吴晓雯这样的新"
        "农人，用新理念、新渠道把青溪的好茶卖出去。",
        "记者：不少地方都在发展乡村旅游，青溪的特色在哪里？",
        "林志远：青溪的特色是“茶”和“山”。我们不搞千篇一律的大拆大建，而是依托茶园、古道、溪流，"
        "把采茶制茶、山地运动、民俗体验串成线路，让游客住得下、留得住、愿意再来。下一步还要在"
        "品质上下功夫，推动民宿从“有没有”向“好不好”转变。",
        "记者：营商环境是招商引资的“金字招牌”，青溪有哪些新举措？",
        "林志远：我们提出“企业有求必应、无事不扰”。今年在开发区推行“拿地即开工”，组建项目服务专班，"
        "从签约到投产全程帮办代办。企业反映的问题，我们实行清单管理、限时办结，办理结果由企业来"
        "评价。",
        "记者：群众最关心的是“钱袋子”。在促进群众增收方面，青溪有哪些实招？",
        "林志远：我们把促进增收作为检验发展成效的重要标准。一是稳岗位，引导园区企业优先招用本地"
        "劳动力，让群众在家门口就业；二是强产业，通过茶叶、高山蔬菜等特色产业带动农民经营性收入"
        "增长；三是活改革，推进农村集体产权制度改革，让群众从土地流转、入股分红中获得更多财产性"
        "收入。",
        "记者：下半年，青溪将在哪些方面重点发力？",
        "林志远：概括起来是“三个聚焦”：聚焦项目建设，确保重点项目按期推进、早日见效；聚焦产业"
        "升级，推动三大主导产业和茶旅产业提质扩量；聚焦民生改善，把十项民生实事一件一件办好。"
        "我们有信心、有能力完成全年目标任务。",
        "记者：对于青溪未来的发展，您有怎样的期待？",
        "林志远：我们的目标，是把青溪建设成为生态优美、产业兴旺、生活富裕的山区强县。这个目标不是"
        "一朝一夕能实现的，需要一任接着一任干。我相信，只要守住绿水青山、用好绿水青山，青溪的明天"
        "一定会更好。",
    ),
}

# ── the blocks: one YAML template each, with the comment that explains it ────────────────────
# `{at}` is the block's place and `{columns}` its text columns, which differ per layout.

BLOCKS: dict[str, str] = {
    "headline": """\
  # 标题: 引题 (kicker) over 主题 (text) over 副题 (subtitle), each in its own style
  - id: headline
    type: headline
    at: {at}
    kicker: 青溪县上半年经济运行综述
    text: 稳中有进　向新而行
    subtitle: 主要指标增速高于全市平均水平　茶旅融合激发县域发展新动能
    subtitle_style: subtitle
""",
    "headline-rule": """\
  # 文武线 under the headline: a rule across one grid line
  - id: headline-rule
    type: rule
    at: {at}
    rule: {{style: wenwu, color: red}}
""",
    "lead": """\
  # 栏目头 from labels, over text set in several columns; the text is in text/lead.txt
  - id: lead
    type: text
    at: {at}{columns}
    label: 聚焦
    heading: 上半年经济运行稳中向好
    file: text/lead.txt
""",
    "photo-tea": """\
  # a photo: cropped to its frame around `focus`, with pointer, caption and credit under it
  - id: photo-tea
    type: photo
    photo: photos/tea-garden.jpg
    focus: [0.5, 0.4]
    at: {at}
    pointer: ▲
    caption: 白岩村万亩生态茶园，茶农正在采摘夏茶
    credit: 本报记者 陈晨 摄
""",
    "bars": """\
  # a bar chart drawn from figures.csv, with the change of each bar and a source note
  - id: bars
    type: chart
    chart: bar
    style: chart
    data: [gdp, retail, fai, industry]
    highlight: gdp
    growth: true
    source: 数据来源：青溪县统计局
    heading: 主要经济指标（亿元）
    at: {at}
""",
    "ring": """\
  # a ring chart: one figure's share of its target
  - id: ring
    type: chart
    chart: ring
    style: chart
    data: projects
    caption_style: chart-caption
    caption: 重点项目完成年度计划
    at: {at}
""",
    "callout": """\
  # a callout: one big number with its unit and change
  - id: callout
    type: chart
    chart: callout
    style: chart
    data: visitors
    growth: true
    at: {at}
""",
    "comment": """\
  # a box: tint and a border around the text, with a heading in its own style
  - id: comment
    type: text
    at: {at}
    heading: 短评｜把“过半”当作新起点
    heading_style: box-heading
    box: {{fill: tint, border: {{style: thin, color: green}}}}
    file: text/comment.txt
""",
    "title-tea": """\
  # a vertical title placed in mm inside story tea; `wrap: 1字` makes the text flow around it
  - id: title-tea
    type: vertical
    style: vertical-title
    at: {at}
    wrap: 1字
    text: 【茶乡新事】
""",
    "tea": """\
  # a story that runs on: the lines that do not fit continue in block tea-more (`next`)
  - id: tea
    type: text
    at: {at}{columns}
    file: text/tea.txt
    next: tea-more
""",
    "tea-more": """\
  # the continuation: a text block with no text of its own, the same column width
  - id: tea-more
    type: text
    at: {at}{columns}
""",
    "column-rule": """\
  # 栏线: a rule down the gutter left of `col`
  - id: column-rule
    type: rule
    vertical: true
    at: {at}
    rule: {{style: thin, color: green}}
""",
    "tourism": """\
  # copyfit: if the text runs long, tighten it a little, then take lines from the photo below
  - id: tourism
    type: text
    at: {at}{columns}
    heading: 乡村旅游持续升温
    heading_style: subhead-left
    heading_lines: 2
    file: text/tourism.txt
    copyfit: {{tracking: 0.03字, borrow: {{block: photo-village, lines: 3}}}}
""",
    "photo-village": """\
  # a second photo, letting the story above borrow lines from its top
  - id: photo-village
    type: photo
    photo: photos/village.jpg
    at: {at}
    caption: 石门村依山傍水，民宿集群初具规模
""",
    "people": """\
  # the same 栏目头 component with another heading
  - id: people
    type: text
    at: {at}{columns}
    label: 聚焦
    heading: 十项民生实事有序推进
    file: text/people.txt
""",
    "park": """\
  # a story with a plain heading line (style subhead-left)
  - id: park
    type: text
    at: {at}{columns}
    heading: 开发区里的“新”动能
    heading_style: subhead-left
    file: text/park.txt
""",
    "interview": """\
  # an interview under a plain heading line
  - id: interview
    type: text
    at: {at}{columns}
    heading: 县长访谈｜把生态优势转化为发展优势
    heading_style: subhead-left
    file: text/interview.txt
""",
}


@dataclass(frozen=True)
class Layout:
    """Where each block goes for one preset × spread, and how many paragraphs each story keeps
    to fill its blocks: the first n − 1 and the last, so a cut story still has its ending."""

    folios: tuple[int, ...]
    blocks: dict[str, At]
    paragraphs: dict[str, int]


LAYOUTS: dict[tuple[str, bool], Layout] = {
    ("broadsheet", False): Layout(
        (3,),
        {"headline": At(1, 1, 8, 1, 8), "headline-rule": At(1, 1, 8, 9, 1),
         "lead": At(1, 1, 3, 11, 36, columns=3),
         "photo-tea": At(1, 4, 5, 11, 36),
         "tourism": At(1, 1, 3, 48, 8, columns=3),
         "photo-village": At(1, 1, 3, 56, 24),
         "park": At(1, 1, 3, 81, 22, columns=3),
         "column-rule": At(1, 4, 1, 48, 55),
         "tea": At(1, 4, 5, 48, 17, columns=5),
         "title-tea": At(1, 4, 1, 49, 12),
         "tea-more": At(1, 7, 2, 66, 7, columns=2),
         "bars": At(1, 4, 3, 66, 37),
         "comment": At(1, 7, 2, 74, 29)},
        {"lead": 12, "comment": 6, "tea": 13, "tourism": 3, "park": 9}),
    ("tabloid", False): Layout(
        (3,),
        {"headline": At(1, 1, 5, 1, 7), "headline-rule": At(1, 1, 5, 8, 1),
         "photo-tea": At(1, 1, 3, 10, 26),
         "lead": At(1, 4, 2, 10, 32, columns=2),
         "tea": At(1, 1, 3, 37, 19, columns=3),
         "title-tea": At(1, 1, 1, 38, 12),
         "tea-more": At(1, 1, 1, 57, 17),
         "column-rule": At(1, 2, 1, 57, 17),
         "tourism": At(1, 2, 2, 57, 5, columns=2),
         "photo-village": At(1, 2, 2, 62, 12),
         "bars": At(1, 4, 2, 43, 15),
         "comment": At(1, 4, 2, 59, 15)},
        {"lead": 7, "comment": 3, "tea": 10, "tourism": 1}),
    ("broadsheet", True): Layout(
        (2, 3),
        {"headline": At(0, 1, 16, 1, 10), "headline-rule": At(0, 1, 16, 11, 1),
         "lead": At(1, 1, 3, 13, 36, columns=3),
         "photo-tea": At(0, 4, 10, 13, 36),
         "interview": At(2, 6, 3, 13, 36, columns=3),
         "bars": At(1, 1, 4, 50, 32),
         "ring": At(1, 1, 2, 83, 20),
         "callout": At(1, 3, 2, 83, 20),
         "column-rule": At(1, 5, 1, 50, 53),
         "tea": At(1, 5, 4, 50, 24, columns=4),
         "title-tea": At(1, 5, 1, 51, 12),
         "people": At(1, 5, 4, 75, 28, columns=4),
         "tourism": At(2, 1, 5, 50, 7, columns=5),
         "photo-village": At(2, 1, 5, 57, 41),
         "tea-more": At(2, 1, 5, 99, 4, columns=5),
         "park": At(2, 6, 3, 50, 29, columns=3),
         "comment": At(2, 6, 3, 80, 23)},
        {"lead": 12, "comment": 6, "tea": 15, "tourism": 3, "park": 13, "people": 16,
         "interview": 17}),
    ("tabloid", True): Layout(
        (2, 3),
        {"headline": At(0, 1, 10, 1, 8), "headline-rule": At(0, 1, 10, 9, 1),
         "lead": At(1, 1, 2, 11, 38, columns=2),
         "photo-tea": At(0, 3, 6, 11, 30),
         "callout": At(2, 4, 2, 11, 14),
         "comment": At(2, 4, 2, 26, 15),
         "bars": At(1, 1, 2, 50, 24),
         "column-rule": At(1, 3, 1, 42, 32),
         "tea": At(1, 3, 3, 42, 32, columns=3),
         "title-tea": At(1, 3, 1, 43, 12),
         "tea-more": At(2, 1, 3, 42, 3, columns=3),
         "tourism": At(2, 1, 3, 46, 6, columns=3),
         "photo-village": At(2, 1, 3, 52, 22),
         "ring": At(2, 4, 2, 42, 16),
         "people": At(2, 4, 2, 59, 15, columns=2)},
        {"lead": 9, "comment": 3, "tea": 15, "tourism": 2, "people": 4}),
}


HEADLINE_SIZE = {("broadsheet", False): "60pt, fit: [44pt, 72pt]",
                 ("broadsheet", True): "96pt, fit: [72pt, 110pt]",
                 ("tabloid", False): "48pt, fit: [36pt, 56pt]",
                 ("tabloid", True): "72pt, fit: [54pt, 84pt]"}


def _width(s: str) -> int:
    """Columns in a monospaced editor: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _lines(rows: list[tuple[str, str]]) -> str:
    """YAML lines with their comments lined up at column 31."""
    out = []
    for text, comment in rows:
        pad = " " * max(1, 30 - _width(text))
        out.append(f"{text}{pad}# {comment}" if comment else text)
    return "\n".join(out) + "\n"


def spec_yaml(preset: str, spread: bool, spec: str = "spec.yaml") -> str:
    """The spec, part by part, each with a comment saying what it does."""
    paper = PAPERS[preset]
    lay = LAYOUTS[(preset, spread)]
    kind = "two-page spread" if spread else "page"
    head = [
        (f"# A {preset} {kind} made by `banmian init`: every part of the spec language once,", ""),
        (f"# ready to change. Check: banmian check {spec}   Render: banmian render {spec}",
         ""),
        ("meta:", "the 报眉 and the PDF's metadata take these"),
        ("  title: 青溪县上半年经济运行综述", ""), ("  paper: 青溪日报", ""),
        ("  date: 2024-07-26", ""), ("  section: 经济", "centred in the 报眉"),
        ("  edition: 专版", ""), ("  editor: 张明", "责任编辑"), ("  designer: 刘洋", "美术编辑"),
        ("", ""),
        ("page:", ""), (f"  preset: {preset}", paper.comment),
        *([("  spread: true", "two facing pages; `page: spread` crosses the fold")]
          if spread else []),
        (f"  folios: [{', '.join(map(str, lay.folios))}]", "版次"),
        ("", ""),
        ("body:", "1字 and 1行: the units of every length on the page"),
        ("  size: 小五", "9 pt"), ("  leading: 13.5pt", ""),
        ("", ""),
        ("grid:", "the columns, in 字, with 1字 gutters"),
        (f"  columns: {paper.columns}", ""), (f"  column: {paper.column}", ""),
        ("  gutter: 1", ""),
        ("", ""),
        ("colors:", "named CMYK percentages, used below by name"),
        ("  tint: [0, 5, 15, 0]", ""), ("  green: [80, 20, 70, 10]", ""),
        ("", ""),
        ("styles:", "named text styles; what a style leaves out comes from body"),
        (f"  headline: {{font: hei-black, size: {HEADLINE_SIZE[(preset, spread)]}, color: red, "
         "align: center}", ""),
        ("  kicker: {font: hei, size: 三号, color: green, align: center}", ""),
        ("  subtitle: {font: song-bold, size: 小二, align: center}", ""),
        ("  label: {font: hei, size: 四号, color: white, align: left}", ""),
        ("  box-heading: {font: hei, size: 小三, color: green, align: center}", ""),
        ("  subhead-left: {font: hei, size: 小三, align: left}", ""),
        ("  vertical-title: {font: song-bold, size: 一号, color: green}", ""),
        ("  caption: {font: kai, size: 六号, align: left}", ""),
        ("  chart: {font: hei, size: 8pt}", ""),
        ("  chart-caption: {font: kai, size: 小五, align: center}", ""),
        ("  header: {font: hei, size: 六号}", ""),
        ("", ""),
        ("labels:", "栏目头: defined once, used by name with a block's heading"),
        ('  聚焦: {text: "聚焦｜{}", style: label, shape: tab, fill: green, lines: 2}', ""),
        ("", ""),
        ("header:", "报眉 over a 眉线, and the staff line under the type area"),
        ('  outer: "{paper}"', ""), ('  inner: "{date}　第{folio}版"', ""),
        ('  center: "{section}"', ""),
        ('  staff: "责任编辑：{editor}　美术编辑：{designer}"', ""),
        *([(f"  staff_folios: [{lay.folios[-1]}]", "one staff line for the spread")]
          if spread else []),
        ("  rule: {style: thin, color: green}", ""),
        ("", ""),
        ("output:", "print and archive: PDF/X-4 and PDF/A-2b in one file"),
        ("  standard: x4+a2b", ""), ("  bleed: 3mm", ""),
        ("  marks: true", "crop and registration marks"),
        ("  ink_limit: 240", "total ink, %"),
        (f"  ppi: {PPI}", "photos are downsampled to this"),
        ("  min_ppi: 200", "a photo below this is a warning"),
        ("", ""),
        ("data_file: figures.csv", "what the charts draw; the text's figures are checked"),
        ("", ""),
        ("blocks:", ""),
    ]
    parts = [_lines(head)]
    for bid, at in lay.blocks.items():
        columns = f"\n    columns: {at.columns}" if at.columns else ""
        where = _mm(paper, at, spread) if bid == "title-tea" else at.yaml(spread)
        parts.append(BLOCKS[bid].format(at=where, columns=columns))
    return "".join(parts)


def _mm(paper: Paper, at: At, spread: bool) -> str:
    """A place in mm: a narrow title at the left edge of grid column `col`, inside the type
    area (rounded up, never out of it)."""
    x = math.ceil(paper.x(at.col) * 10) / 10
    y = math.ceil(paper.y(at.line) * 10) / 10
    where = f"page: {at.page}, " if spread else ""
    height = at.lines * LEAD / MM
    return f"{{{where}x: {x:.1f}mm, y: {y:.1f}mm, width: 13mm, height: {height:.1f}mm}}"


# ── the photos ───────────────────────────────────────────────────────────────────────────


def _gradient(w: int, h: int, top: tuple[int, int, int],
              bottom: tuple[int, int, int]) -> Image.Image:
    """A sky: one colour at the top fading to another at the bottom."""
    ramp = Image.linear_gradient("L").resize((1, h), Image.Resampling.BILINEAR).resize(
        (w, h), Image.Resampling.NEAREST)
    return Image.merge("RGB", [ramp.point(lambda v, a=a, b=b: a + (b - a) * v // 255)
                               for a, b in zip(top, bottom, strict=True)])


def _ridge(rnd: random.Random, w: int, base: float, amp: float, n: int = 9) -> list[float]:
    """A smooth mountain line: a few random sine waves summed."""
    waves = [(rnd.uniform(0.5, 3.5), rnd.uniform(0, 6.3), rnd.uniform(0.3, 1)) for _ in range(n)]
    norm = sum(a for _, _, a in waves)
    return [base + amp * sum(a * math.sin(f * math.pi * x / w + p) for f, p, a in waves) / norm
            for x in range(0, w + 8, 8)]


def draw_photo(kind: str, w: int, h: int, seed: int = 7) -> bytes:
    """A simple scene (tea terraces or a riverside village) as a JPEG: drawn here, so the new
    folder needs no picture from anywhere else, at the pixels its frame needs."""
    rnd = random.Random(seed)
    img = _gradient(w, h, (120, 170, 215), (225, 235, 240))
    d = ImageDraw.Draw(img)
    hill: list[tuple[float, float]] = []
    for k, tone in enumerate(((150, 175, 185), (110, 150, 140), (60, 120, 80))):  # far to near
        ys = _ridge(rnd, w, h * (0.3 + 0.1 * k), h * 0.08)
        hill = [(i * 8, y) for i, y in enumerate(ys)] + [(w, h), (0, h)]
        d.polygon(hill, fill=tone)
    if kind == "tea":
        rows = img.copy()  # rows of tea bushes, drawn on the nearest hill only
        dr = ImageDraw.Draw(rows)
        y = h * 0.36
        while y < h + 40:
            t = (y - h * 0.36) / (h * 0.64)  # 0 far … 1 near: rows grow apart and thicker
            ys = _ridge(random.Random(int(y)), w, y, h * 0.015 * (1 + t), n=3)
            green = (50 + rnd.randint(0, 25), 140 + int(45 * t) + rnd.randint(0, 15), 55)
            thick = max(3, h * (0.006 + 0.03 * t))
            dr.polygon([(i * 8, v) for i, v in enumerate(ys)]
                       + [(i * 8, v + thick) for i, v in reversed(list(enumerate(ys)))],
                       fill=green)
            y += max(6, h * (0.012 + 0.04 * t))
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).polygon(hill, fill=255)
        img.paste(rows, mask=mask)
        for _ in range(7):  # pickers in conical hats
            x, y = rnd.randint(w // 10, w * 9 // 10), rnd.randint(int(h * 0.6), int(h * 0.9))
            s = h // 28
            d.rounded_rectangle([x - s // 2, y + s // 2, x + s // 2, y + s * 2], radius=s // 4,
                                fill=rnd.choice([(60, 90, 150), (190, 60, 60), (235, 235, 230)]))
            d.ellipse([x - s // 3, y, x + s // 3, y + s * 2 // 3], fill=(225, 190, 160))
            d.polygon([(x - s, y + s // 4), (x + s, y + s // 4), (x, y - s * 2 // 3)],
                      fill=(225, 205, 150))
    else:
        river = int(h * 0.78)
        d.rectangle([0, river, w, h], fill=(120, 160, 185))
        for _ in range(12):  # trees behind the houses
            tx, r = rnd.randint(0, w), rnd.randint(h // 22, h // 12)
            d.ellipse([tx - r, river - h // 4 - r, tx + r, river - h // 4 + r * 2],
                      fill=(40, 95 + rnd.randint(0, 40), 55))
        x = rnd.randint(0, w // 12)
        while x < w:  # white walls and dark roofs along the river
            bw, bh = rnd.randint(w // 14, w // 8), rnd.randint(h // 10, h // 5)
            y = river - rnd.randint(0, h // 30)
            d.rectangle([x, y - bh, x + bw, y], fill=(238, 236, 228))
            d.polygon([(x - bw // 10, y - bh), (x + bw // 2, y - bh - bh // 3),
                       (x + bw + bw // 10, y - bh)], fill=(55, 58, 64))
            for wx in range(x + bw // 6, x + bw - bw // 6, max(8, bw // 4)):
                d.rectangle([wx, y - bh * 2 // 3, wx + bw // 10, y - bh // 3], fill=(70, 70, 75))
            d.rectangle([x, river, x + bw, river + bh // 3], fill=(150, 180, 195))  # reflection
            x += bw + rnd.randint(w // 60, w // 12)
    # a little grain, as a camera gives: seeded, so the same init draws the same bytes, and at
    # half size, which is faster and looks the same
    gw, gh = w // 2 + 1, h // 2 + 1
    grain = Image.frombytes("L", (gw, gh), rnd.randbytes(gw * gh))
    img = Image.blend(img, grain.resize((w, h), Image.Resampling.BILINEAR).convert("RGB"), 0.015)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85, dpi=(PPI, PPI))
    return buf.getvalue()


def _pixels(mm: float) -> int:
    """Pixels for `mm` at the output ppi, with a little spare for the crop."""
    return math.ceil(mm / 25.4 * PPI * 1.02)


# ── the folder ───────────────────────────────────────────────────────────────────────────

PHOTOS = {"photo-tea": ("tea-garden.jpg", "tea"), "photo-village": ("village.jpg", "village")}


def _readme(name: str, preset: str, spread: bool, spec: str) -> str:
    stem = spec.removesuffix(".yaml")
    what = "a two-page spread" if spread else "one page"
    return f"""\
# {name}

A {preset} newspaper page spec ({what}) made by `banmian init`. It renders as it is; change the
words, the photos and the blocks' places to make it yours.

| file | what it holds |
|---|---|
| `{spec}` | the page: paper, grid, styles, 栏目头, 报眉, output, and the blocks |
| `text/*.txt` | the body text, one file per story; a blank line starts a new paragraph |
| `figures.csv` | the figures the charts draw; the figures the text prints are checked against it |
| `photos/*.jpg` | placeholder pictures, drawn by `banmian init`; put real photos in their place |

Run from this folder:

```sh
banmian check {spec}       # validate and compose: the fit table, empty and over lines
banmian render {spec}      # the print-ready PDF in build/{stem}.pdf, then its preflight
banmian preview {spec}     # one PNG per page in build/; --proof shows the grid and blocks
banmian watch {spec}       # re-render on every save (--serve for a live preview page)
banmian schema                # every key the spec may use, as JSON Schema
```

`banmian check` exits 1 and names the block when text does not fit: shorten the text, give the
block more lines, or let it run on into another block with `next`.
"""


def _cut(paras: tuple[str, ...], n: int) -> tuple[str, ...]:
    """n paragraphs of a story: the first n − 1 and the last, so it keeps its ending (one
    paragraph: the first, which carries the news)."""
    if n >= len(paras):
        return paras
    return paras[:1] if n == 1 else paras[:n - 1] + paras[-1:]


def spec_name(name: str) -> str:
    """The spec's file name: the folder's name, so each project renders to its own PDF."""
    return f"{name}.yaml"


def files(name: str, preset: str, spread: bool) -> dict[str, bytes]:
    """Every file of the new folder, by relative path."""
    lay = LAYOUTS[(preset, spread)]
    paper = PAPERS[preset]
    spec = spec_name(name)
    out = {spec: spec_yaml(preset, spread, spec).encode(),
           "figures.csv": FIGURES.encode(),
           "README.md": _readme(name, preset, spread, spec).encode()}
    for key, n in lay.paragraphs.items():
        out[f"text/{key}.txt"] = ("\n\n".join(_cut(TEXTS[key], n)) + "\n").encode()
    for bid, (fname, kind) in PHOTOS.items():
        if bid in lay.blocks:
            w, h = lay.blocks[bid].size_mm(paper, caption_lines=2)
            out[f"photos/{fname}"] = draw_photo(kind, _pixels(w), _pixels(h))
    return out


def _refuse(message: str) -> SpecError:
    return SpecError([Diagnostic("error", message)])


def scaffold(target: Path, preset: str = "broadsheet", spread: bool = False) -> list[str]:
    """Write the folder into a temporary folder beside `target`, then rename it into place:
    an empty `target` is replaced, anything else is refused, and a failure leaves nothing."""
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise _refuse(f"{target}: exists and is not an empty folder; banmian init never "
                      "writes over what is there")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise _refuse(f"{target}: the folder {parent} does not exist")
    made = files(target.absolute().name, preset, spread)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as e:
        raise _refuse(f"{target}: cannot write in {parent}: {e.strerror}") from None
    try:
        for rel, data in made.items():
            p = tmp / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp's 0700 is for the making only
        os.replace(tmp, target)  # replaces an empty folder; refuses a non-empty one
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _refuse(f"{target}: {e.strerror or e}; nothing was written") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(made)


def init_main(args, out: TextIO, err: TextIO) -> int:
    """The `init` command: make the folder, say what is in it and what to run next."""
    target = Path(args.name)
    made = scaffold(target, args.preset, args.spread)
    spec = target / spec_name(target.absolute().name)
    kind = "two-page spread" if args.spread else "page"
    print(f"made {target}/: a {args.preset} {kind}", file=out)
    for rel in made:
        print(f"  {target / rel}", file=out)
    # the same commands as the folder's README, run from the folder: build/ is made in the
    # folder a command runs from, so the PDF lands in NAME/build/ beside the spec
    print("next:", file=out)
    print(f"  cd {target}", file=out)
    print(f"  banmian check {spec.name}      # the fit table", file=out)
    print(f"  banmian render {spec.name}     # → {target / 'build' / spec.stem}.pdf", file=out)
    print(f"  banmian preview {spec.name}    # PNGs in {target / 'build'}/", file=out)
    print(f"  banmian watch {spec.name}      # re-render on every save", file=out)
    return 0
