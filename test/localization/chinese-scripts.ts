/**
 * Characters written differently in Simplified and Traditional Chinese, as pairs (Simplified,
 * Traditional). Only characters that never stand for themselves in the other script are listed
 * (not 后, 于, 系, 里, 几, 并, 价, 适: each is also a Traditional character in its own right), so a
 * Simplified one in a Traditional text, or the reverse, is always a slip.
 */
const PAIRS =
  '阳陽 园園 区區 务務 质質 设設 电電 维維 问問 题題 现現 还還 续續 吗嗎 环環 卫衛 动動 组組 织織 请請 拨撥 楼樓 离離 随隨 ' +
  '时時 热熱 线線 紧緊 况況 气氣 员員 钟鐘 场場 伤傷 护護 洁潔 饭飯 与與 态態 个個 门門 饮飲 调調 无無 网網 络絡 账賬 ' +
  '单單 费費 遗遺 险險 话話 联聯 经經 厅廳 总總 办辦 县縣 农農 业業 种種 对對 当當 进進 药藥 济濟 产產 蚕蠶 伪偽 资資 ' +
  '结結 规規 诺諾 机機 关關 风風 诉訴 属屬 类類 为為 诿諉 开開 义義 乱亂 执執 蛮蠻 难難 违違 纪紀 响響 监監 处處 乡鄉 ' +
  '镇鎮 广廣 测測 检檢 队隊 领領 导導 谈談 评評 书書 讨討 岗崗 发發 节節 严嚴 报報 级級 给給 点點 标標 识識 载載 试試 ' +
  '谢謝 编編 号號 询詢 码碼 凭憑 显顯 这這 项項 别別 选選 择擇 么麼 写寫 间間 输輸 邮郵 们們 将將 栋棟 过過 长長 数數 ' +
  '国國 际際 头頭 记記 补補 转轉 责責 实實 毕畢 访訪 审審 签簽 订訂 协協 议議 双雙 归歸 档檔 状狀 该該 确確 连連 误誤 ' +
  '获獲 简簡 刚剛 从從 没沒 暂暫 预預 计計 张張 删刪 见見 录錄 满滿 决決 继繼 达達 馈饋 认認 变變 阶階 传傳 读讀 换換 ' +
  '会會 图圖 压壓 缩縮 链鏈';

const pairs = PAIRS.split(' ').map((pair) => [...pair] as [string, string]);

/** Characters only Simplified Chinese uses. */
export const SIMPLIFIED_ONLY = new Set(pairs.map(([hans]) => hans));
/** Characters only Traditional Chinese uses. */
export const TRADITIONAL_ONLY = new Set(pairs.map(([, hant]) => hant));

export const charactersIn = (text: string, set: Set<string>): string[] => [...new Set([...text].filter((c) => set.has(c)))];
